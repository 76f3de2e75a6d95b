/**
 * Local seed, run by `npm start` with the service's environment: the first platform admin and the
 * demo companies, idempotently, and their snapshots staged for the other services. Prints the (local-only) credentials for the runner's summary.
 */
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { ensureEventConsumerIndexes } from '@b2b/shared/events';
import { loadUserConfig } from './config.ts';
import { seedDemoData } from './demo-data.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
import { republishSnapshots } from './events/republish-snapshots.ts';
import { createPasswordHasher } from './passwords/hasher.ts';
import { CompanyRepository } from './repositories/companies.ts';
import { UserRepository } from './repositories/users.ts';

const config = loadUserConfig();
if (config.NODE_ENV === 'production') {
  process.stderr.write('seed.ts creates demo accounts with known passwords and never runs in production;\n');
  process.stderr.write('create the first admin with `main.mjs create-admin --email ...` instead\n');
  process.exit(1);
}

const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'user-seed' }));
try {
  const users = new UserRepository(mongo.db);
  const companies = new CompanyRepository(mongo.db);
  await users.ensureIndexes();
  const lines = await seedDemoData({
    users,
    companies,
    hasher: await createPasswordHasher(),
    now: () => new Date(),
  });
  // The seed writes documents without events, and the service's own start-up republish may have
  // run before this seed did (they start together): stage the snapshots again, so the running
  // service's relay tells the other services (the order seed waits for the demo members).
  await ensureEventConsumerIndexes(mongo.db);
  await republishSnapshots({
    users,
    companies,
    transaction: createOutboxTransaction(mongo.client, mongo.db),
  });
  process.stdout.write('Demo accounts (local only):\n');
  for (const line of lines) process.stdout.write(`  ${line}\n`);
} finally {
  await mongo.close();
}
