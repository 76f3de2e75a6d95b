/**
 * Process entry of the search service: config → database → bus → buildApp (index feed follower,
 * category refresh, routes) → product event consumers → listen. Graceful shutdown on SIGTERM.
 */
import { createPlatformAuth, startRevocationReader } from '@b2b/shared/auth';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { createEventBus, startEventConsumers } from '@b2b/shared/events';
import { registerFeedReadiness } from '@b2b/shared/feeds';
import { runService } from '@b2b/shared/http';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { buildApp } from './app.ts';
import { createProductCatalogClient } from './clients/product-catalog.ts';
import { loadSearchConfig } from './config.ts';
import { createIndexStateContext } from './domain/index-state.ts';
import { productEventHandlers } from './events/product-events.ts';

const config = loadSearchConfig();
const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'search' }));
const bus = createEventBus(config);
const credential = config.SERVICE_CREDENTIAL;
const revocations = startRevocationReader({
  url: config.serviceUrls['user']!,
  headers: () => (credential ? serviceCredentialHeaders(credential) : {}),
});
const auth = createPlatformAuth({ jwksUrl: config.JWKS_URL!, revocations });

const app = await buildApp({
  db: mongo.db,
  verifier: auth.verifier,
  catalog: createProductCatalogClient({
    baseUrl: config.serviceUrls['product']!,
    credential: config.SERVICE_CREDENTIAL,
    priceTimeoutMs: config.SEARCH_PRICE_TIMEOUT_MS,
  }),
  stockFeed: {
    url: config.serviceUrls['product']!,
    headers: () => (credential ? serviceCredentialHeaders(credential) : {}),
  },
  serviceCredential: config.SERVICE_CREDENTIAL,
  indexPollMs: config.SEARCH_INDEX_POLL_MS,
  stockPollMs: config.SEARCH_STOCK_POLL_MS,
  categoryRefreshMs: config.SEARCH_CATEGORY_REFRESH_SECONDS * 1000,
  priceReuseMs: config.SEARCH_PRICE_REUSE_MS,
  logLevel: config.LOG_LEVEL,
});
registerFeedReadiness(app.readiness, revocations);
await startEventConsumers(app, {
  consumer: 'search',
  bus,
  db: mongo.db,
  handlers: productEventHandlers(createIndexStateContext(mongo.db)),
});
// Reverse order of start: the consumers stop in their own onClose hook, then the bus and the database.
app.addHook('onClose', async () => {
  revocations.stop();
  await bus.close();
  await mongo.close();
});
await runService(app, { port: config.PORT, host: config.HOST });
