/** Process entry of the order service: config → database → buildApp → consumers, relay, job → listen. */
import { createRevocationList, createTokenVerifier, type RevocationList } from '@b2b/shared/auth';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { createEventBus, startEventConsumers, startOutboxRelay } from '@b2b/shared/events';
import { runService } from '@b2b/shared/http';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { buildApp } from './app.ts';
import { loadOrderConfig, orderRulesFrom } from './config.ts';
import { orderEventHandlers } from './events/handlers.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
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
let revocations: RevocationList | undefined;
const verifier = createTokenVerifier({
  jwksUrl,
  isRevoked: (token) => revocations?.isRevoked(token) ?? false,
});
const { app, ctx } = await buildApp({
  db: mongo.db,
  transaction: createOutboxTransaction(mongo.client, mongo.db),
  verifier,
  prices: createProductPriceQuoter({
    baseUrl: productUrl,
    credential: config.SERVICE_CREDENTIAL,
    cacheMs: config.PRICE_CACHE_SECONDS * 1000,
  }),
  rules: orderRulesFrom(config),
  logLevel: config.LOG_LEVEL,
});
revocations = createRevocationList({
  url: `${userUrl}/internal/revocations`,
  headers: serviceCredentialHeaders(config.SERVICE_CREDENTIAL),
});
await startEventConsumers(app, { consumer: 'order', bus, db: mongo.db, handlers: orderEventHandlers(ctx) });
const relay = startOutboxRelay({ db: mongo.db, bus });
const staleOrders = startStaleOrderJob(ctx, config.STALE_ORDER_SWEEP_SECONDS * 1000);
app.readiness.register('event-bus', async () => {
  if (!(await bus.isReady())) throw new Error('event bus not reachable');
});
// Reverse order of start: stop the job and publishing, then release the bus and the database.
app.addHook('onClose', async () => {
  await staleOrders.stop();
  revocations?.stop();
  await relay.stop();
  await bus.close();
  await mongo.close();
});
await runService(app, { port: config.PORT, host: config.HOST });
