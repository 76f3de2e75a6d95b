/**
 * Process entry of the user service.
 *   (no command)             serve: config → database → keys → buildApp → outbox relay → listen
 *   create-admin --email E   one-off: create the first platform administrator (see README)
 *   rotate-keys              one-off: prepend a new JWT signing key (see README)
 *   republish-snapshots      one-off: stage every company and member snapshot (see README)
 */
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { createEventBus, startOutboxRelay } from '@b2b/shared/events';
import { runService } from '@b2b/shared/http';
import { buildApp } from './app.ts';
import { createAdminCommand } from './commands/create-admin.ts';
import { republishSnapshotsCommand } from './commands/republish-snapshots.ts';
import { rotateKeysCommand } from './commands/rotate-keys.ts';
import { browserSessionOptions, loadUserConfig } from './config.ts';
import { createPaymentCreditLedger } from './domain/credit-ledger.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
import { republishSnapshots } from './events/republish-snapshots.ts';
import { CompanyRepository } from './repositories/companies.ts';
import { UserRepository } from './repositories/users.ts';
import { keySetStoreFor, type ReloadingKeyRing, startReloadingKeyRing } from './tokens/key-ring-source.ts';

async function serve(): Promise<void> {
  const config = loadUserConfig();
  const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'user' }));
  const bus = createEventBus(config);
  // The key ring is loaded before the server listens; the app only reads it while serving.
  let keys: ReloadingKeyRing | undefined;
  const transaction = createOutboxTransaction(mongo.client, mongo.db);
  const paymentUrl = config.serviceUrls['payment'];
  if (!paymentUrl || !config.SERVICE_CREDENTIAL) {
    process.stderr.write(
      'user: SERVICE_URL_PAYMENT and SERVICE_CREDENTIAL are required (company creditUsed)\n',
    );
    process.exit(1);
  }
  // The ledger logs through the app's logger, assigned once the app exists.
  const ledgerLog: { target?: { warn(fields: Record<string, unknown>, message: string): void } } = {};
  const creditLedger = createPaymentCreditLedger({
    baseUrl: paymentUrl,
    credential: config.SERVICE_CREDENTIAL,
    log: { warn: (fields, message) => ledgerLog.target?.warn(fields, message) },
  });
  const app = await buildApp({
    db: mongo.db,
    keyRing: () => keys!.current(),
    transaction,
    logLevel: config.LOG_LEVEL,
    serviceCredential: config.SERVICE_CREDENTIAL,
    credit: creditLedger,
    browserSessions: browserSessionOptions(config),
  });
  ledgerLog.target = app.log.child({ component: 'credit-ledger' });
  keys = await startReloadingKeyRing(keySetStoreFor(config), config.JWT_KEYS_RELOAD_SECONDS, app.log);
  const relay = startOutboxRelay({ db: mongo.db, bus });
  if (config.NODE_ENV !== 'production') {
    // Locally every start republishes the snapshots (the seed writes documents without events, and a
    // consumer started for the first time fills its projections). In AWS: `republish-snapshots`.
    const counts = await republishSnapshots({
      companies: new CompanyRepository(mongo.db),
      users: new UserRepository(mongo.db),
      transaction,
    });
    app.log.info(counts, 'company and member snapshots republished');
  }
  app.readiness.register('event-bus', async () => {
    if (!(await bus.isReady())) throw new Error('event bus not reachable');
  });
  // Reverse order of start: stop publishing, then release the bus and the database.
  app.addHook('onClose', async () => {
    keys?.stop();
    await relay.stop();
    await bus.close();
    await mongo.close();
  });
  await runService(app, { port: config.PORT, host: config.HOST });
}

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = {
  'create-admin': createAdminCommand,
  'rotate-keys': rotateKeysCommand,
  'republish-snapshots': republishSnapshotsCommand,
};

if (command === undefined || command === 'serve') {
  await serve();
} else if (commands[command]) {
  await commands[command](args).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${command} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  process.stderr.write(
    `unknown command "${command}"; use create-admin, rotate-keys or republish-snapshots\n`,
  );
  process.exit(2);
}
