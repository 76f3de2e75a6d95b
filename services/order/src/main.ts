/** Process entry of the order service: config → database → buildApp → consumers, relay, job → listen. */
import { createPlatformAuth, startRevocationReader } from '@b2b/shared/auth';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { createEventBus, startEventConsumers, startOutboxRelay } from '@b2b/shared/events';
import { registerFeedReadiness } from '@b2b/shared/feeds';
import { runService } from '@b2b/shared/http';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { buildApp } from './app.ts';
import { createUserSnapshots } from './clients/user-snapshots.ts';
import { loadOrderConfig, orderRulesFrom } from './config.ts';
import { orderEventHandlers } from './events/handlers.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
import { startQuoteExpiryJob } from './jobs/quote-expiry.ts';
import { startStaleOrderJob } from './jobs/stale-orders.ts';
import { createProductPriceQuoter } from './pricing/price-quoter.ts';

const config = loadOrderConfig();
const productUrl = config.serviceUrls['product'];
const userUrl = config.serviceUrls['user'];
const jwksUrl = config.JWKS_URL ?? (userUrl ? `${userUrl}/auth/jwks` : undefined);
if (!productUrl || !userUrl || !jwksUrl || !config.SERVICE_CREDENTIAL) {
  process.stderr.write(
    'order: SERVICE_URL_PRODUCT, SERVICE_URL_USER (or JWKS_URL) and SERVICE_CREDENTIAL are required\n',
  );
  process.exit(1);
}
const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'order' }));
const bus = createEventBus(config);
const credential = config.SERVICE_CREDENTIAL;
const revocations = startRevocationReader({
  url: userUrl,
  headers: () => serviceCredentialHeaders(credential),
});
const auth = createPlatformAuth({ jwksUrl, revocations });
const snapshots = createUserSnapshots({ baseUrl: userUrl, credential });
const { app, ctx } = await buildApp({
  db: mongo.db,
  transaction: createOutboxTransaction(mongo.client, mongo.db),
  verifier: auth.verifier,
  prices: createProductPriceQuoter({
    baseUrl: productUrl,
    credential: config.SERVICE_CREDENTIAL,
    cacheMs: config.PRICE_CACHE_SECONDS * 1000,
  }),
  snapshots,
  rules: orderRulesFrom(config),
  logLevel: config.LOG_LEVEL,
});
registerFeedReadiness(app.readiness, revocations);
await startEventConsumers(app, { consumer: 'order', bus, db: mongo.db, handlers: orderEventHandlers(ctx) });
const relay = startOutboxRelay({ db: mongo.db, bus });
const staleOrders = startStaleOrderJob(ctx, config.STALE_ORDER_SWEEP_SECONDS * 1000);
const quoteExpiry = startQuoteExpiryJob(ctx, config.QUOTE_EXPIRY_SWEEP_SECONDS * 1000);
app.readiness.register('event-bus', async () => {
  if (!(await bus.isReady())) throw new Error('event bus not reachable');
});
// Reverse order of start: stop the job and publishing, then release the bus and the database.
app.addHook('onClose', async () => {
  await staleOrders.stop();
  await quoteExpiry.stop();
  revocations.stop();
  snapshots.close();
  await relay.stop();
  await bus.close();
  await mongo.close();
});
// One poll before taking traffic: until the reader has caught up, tokens are answered 503.
await revocations.refresh();
await runService(app, { port: config.PORT, host: config.HOST });
