/**
 * Process entry of the product service: config → database → token verifier (JWKS + revocation
 * list) → buildApp → outbox relay and event consumer → listen. SIGTERM closes in reverse order.
 */
import { createPlatformAuth, startRevocationReader } from '@b2b/shared/auth';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { createEventBus, startEventConsumers, startOutboxRelay } from '@b2b/shared/events';
import { registerFeedReadiness } from '@b2b/shared/feeds';
import { runService } from '@b2b/shared/http';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { buildApp } from './app.ts';
import { loadProductConfig } from './config.ts';
import { productEventHandlers } from './events/consumers.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
import { imageStoreFor } from './images/select-store.ts';

const config = loadProductConfig();
// Held by the config now; the cloudinary package must not parse it itself (see images/select-store.ts).
delete process.env['CLOUDINARY_URL'];
const userUrl = config.serviceUrls.user;
const jwksUrl = config.JWKS_URL ?? (userUrl ? `${userUrl}/auth/jwks` : undefined);
if (!jwksUrl || !userUrl) {
  process.stderr.write(
    'Invalid configuration for product:\n  - SERVICE_URL_USER: is required (tokens, revocations)\n',
  );
  process.exit(1);
}

const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'product' }));
const bus = createEventBus(config);
// Revoked tokens (logout, disabled users) from the user service's feed, polled every second or two.
const revocations = startRevocationReader({
  url: userUrl,
  intervalMs: config.REVOCATION_POLL_MS,
  headers: () => (config.SERVICE_CREDENTIAL ? serviceCredentialHeaders(config.SERVICE_CREDENTIAL) : {}),
});
const auth = createPlatformAuth({ jwksUrl, revocations });
const images = await imageStoreFor(config);
const app = await buildApp({
  db: mongo.db,
  transaction: createOutboxTransaction(mongo.client, mongo.db),
  verifier: auth.verifier,
  images,
  reservationTtlMs: config.RESERVATION_TTL_SECONDS * 1000,
  catalogAnswerTtlMs: config.CATALOG_ANSWER_TTL_MS,
  logLevel: config.LOG_LEVEL,
  serviceCredential: config.SERVICE_CREDENTIAL,
});
if (images.kind === 'unavailable')
  app.log.error('no Cloudinary account configured: image uploads answer 503');
registerFeedReadiness(app.readiness, revocations);
// One poll before taking traffic; until the reader has caught up, tokens are answered 503.
await revocations.refresh();
const relay = startOutboxRelay({ db: mongo.db, bus });
// Stops consuming on close (registered first, so it runs before the hook below).
await startEventConsumers(app, {
  consumer: 'product',
  bus,
  db: mongo.db,
  handlers: productEventHandlers(app.catalog),
});
// Reverse order of start: stop publishing, then release the bus and the database.
app.addHook('onClose', async () => {
  await relay.stop();
  revocations.stop();
  await bus.close();
  await mongo.close();
});
await runService(app, { port: config.PORT, host: config.HOST });
