/**
 * Local seed, run by `npm start` next to the services with this service's environment: the demo
 * companies' shopping lists, cost centers, approval rules and an open quote
 * (demo/demo-buying-tools.ts), idempotently. It waits for the user service's snapshots and the
 * product service's catalog, which start (and seed) at the same time.
 */
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { ensureEventConsumerIndexes } from '@b2b/shared/events';
import pino from 'pino';
import { createOrderContext } from './app.ts';
import { loadOrderConfig, orderRulesFrom } from './config.ts';
import { seedDemoBuyingTools } from './demo/demo-buying-tools.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
import { createProductPriceQuoter } from './pricing/price-quoter.ts';

const config = loadOrderConfig();
if (config.NODE_ENV === 'production') {
  process.stderr.write('seed.ts writes demo shopping lists, rules and quotes and never runs in production\n');
  process.exit(1);
}
const productUrl = config.serviceUrls['product'];
if (!productUrl || !config.SERVICE_CREDENTIAL) {
  process.stderr.write('order seed: SERVICE_URL_PRODUCT and SERVICE_CREDENTIAL are required\n');
  process.exit(1);
}

const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'order-seed' }));
try {
  const ctx = createOrderContext(
    {
      db: mongo.db,
      transaction: createOutboxTransaction(mongo.client, mongo.db),
      prices: createProductPriceQuoter({
        baseUrl: productUrl,
        credential: config.SERVICE_CREDENTIAL,
        cacheMs: 0,
      }),
      rules: orderRulesFrom(config),
    },
    pino({ level: 'warn' }),
  );
  await Promise.all(Object.values(ctx.repos).map((repo) => repo.ensureIndexes()));
  // The outbox must exist before a transaction writes to it (DocumentDB creates none inside one).
  await ensureEventConsumerIndexes(mongo.db);
  // Under the runner's seed deadline (tools/local-runner/src/seeds.ts): the services start, compile
  // and seed next to this seed, slowly on a busy machine.
  const summaries = await seedDemoBuyingTools(ctx, mongo.db, { timeoutMs: 220_000 });
  process.stdout.write('Demo B2B buying tools (shopping lists, cost centers, approval rules, a quote):\n');
  for (const s of summaries) {
    process.stdout.write(
      `  ${s.company}: ${s.created.length > 0 ? `created ${s.created.join(', ')}` : 'already there'}\n`,
    );
  }
} finally {
  await mongo.close();
}
