/**
 * Process entry of the payment service: config → database → provider → context → buildApp →
 * consumers, outbox relay, overdue job → listen.
 */
import { createPlatformAuth, startRevocationReader } from '@b2b/shared/auth';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { createEventBus, startEventConsumers, startOutboxRelay } from '@b2b/shared/events';
import { registerFeedReadiness } from '@b2b/shared/feeds';
import { runService, type ServiceApp } from '@b2b/shared/http';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { buildApp } from './app.ts';
import { loadPaymentConfig } from './config.ts';
import type { PaymentLog } from './domain/context.ts';
import { createPaymentContext } from './domain/create-context.ts';
import { paymentEventHandlers } from './events/handlers.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
import { startOverdueJob } from './jobs/overdue.ts';
import { providerFromConfig } from './providers/index.ts';

const config = loadPaymentConfig();
const userUrl = config.serviceUrls['user'];
const jwksUrl = config.JWKS_URL ?? (userUrl ? `${userUrl}/auth/jwks` : undefined);
if (!jwksUrl || !userUrl) {
  process.stderr.write('payment: set SERVICE_URL_USER (the JWKS and the revocation feed)\n');
  process.exit(1);
}

const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'payment' }));
const bus = createEventBus(config);
const { provider, stripeWebhook } = providerFromConfig(config, mongo.db);

// The reader starts polling now; its log lines go to the app's logger once that exists.
let app: ServiceApp | undefined;
const revocations = startRevocationReader({
  url: userUrl,
  intervalMs: config.REVOCATION_POLL_MS,
  headers: () => (config.SERVICE_CREDENTIAL ? serviceCredentialHeaders(config.SERVICE_CREDENTIAL) : {}),
  log: {
    info: (fields, message) => app?.log.info(fields, message),
    warn: (fields, message) => app?.log.warn(fields, message),
  },
});
const auth = createPlatformAuth({ jwksUrl, revocations });

const transaction = createOutboxTransaction(mongo.client, mongo.db);
// The context's log is the app's, assigned right after buildApp (nothing logs before).
const log: { target?: PaymentLog } = {};
const ctx = createPaymentContext({
  db: mongo.db,
  provider,
  transaction,
  log: {
    info: (fields, message) => log.target?.info(fields, message),
    warn: (fields, message) => log.target?.warn(fields, message),
  },
});
app = await buildApp({
  db: mongo.db,
  ctx,
  verifier: auth.verifier,
  serviceCredential: config.SERVICE_CREDENTIAL,
  logLevel: config.LOG_LEVEL,
  ...(stripeWebhook ? { stripeWebhook } : {}),
});
log.target = app.log.child({ component: 'payment' });
app.log.info({ provider: provider.name }, 'card provider');

registerFeedReadiness(app.readiness, revocations);

await startEventConsumers(app, {
  consumer: 'payment',
  bus,
  db: mongo.db,
  handlers: paymentEventHandlers(ctx),
});
const relay = startOutboxRelay({ db: mongo.db, bus });
const overdue = startOverdueJob(ctx, config.OVERDUE_CHECK_INTERVAL_SECONDS * 1_000);
app.readiness.register('event-bus', async () => {
  if (!(await bus.isReady())) throw new Error('event bus not reachable');
});
// Reverse order of start (the consumers stop on close by themselves, registered first).
app.addHook('onClose', async () => {
  await overdue.stop();
  revocations.stop();
  await relay.stop();
  await bus.close();
  await mongo.close();
});
// One poll before taking traffic; until the reader has caught up, tokens are answered 503.
await revocations.refresh();
await runService(app, { port: config.PORT, host: config.HOST });
