/**
 * Local seed, run by `npm start` with the service's environment: the demo catalog (categories,
 * about 500 products with stock and images, the Acme price list), idempotently.
 */
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { ensureEventConsumerIndexes } from '@b2b/shared/events';
import pino from 'pino';
import { createCatalogContext } from './app.ts';
import { loadProductConfig, mediaDirOf } from './config.ts';
import { ACME_PRICE_LIST_ID, generateDemoCatalog } from './demo/demo-catalog.ts';
import { seedDemoCatalog } from './demo/seed-demo-catalog.ts';
import { createOutboxTransaction } from './events/outbox-transaction.ts';
import { MEDIA_PUBLIC_PATH } from './images/select-store.ts';
import { createUnavailableImageStore } from './images/unavailable-store.ts';

const config = loadProductConfig();
if (config.NODE_ENV === 'production') {
  process.stderr.write('seed.ts writes a demo catalog and never runs in production\n');
  process.exit(1);
}

const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'product-seed' }));
try {
  const ctx = createCatalogContext(
    {
      db: mongo.db,
      transaction: createOutboxTransaction(mongo.client, mongo.db),
      images: createUnavailableImageStore(),
    },
    pino({ level: 'warn' }),
  );
  await Promise.all(Object.values(ctx.repos).map((repo) => repo.ensureIndexes()));
  // The outbox must exist before a transaction writes to it (DocumentDB creates none inside one).
  await ensureEventConsumerIndexes(mongo.db);
  const summary = await seedDemoCatalog(ctx, generateDemoCatalog(), {
    mediaDir: mediaDirOf(config),
    mediaBaseUrl: MEDIA_PUBLIC_PATH,
  });
  process.stdout.write(
    `Demo catalog: ${summary.productsTotal} products (${summary.productsCreated} created), ${summary.categories} categories\n`,
  );
  process.stdout.write(
    `  price list ${ACME_PRICE_LIST_ID} (Acme contract)${summary.priceListCreated ? ' created' : ''}\n`,
  );
} finally {
  await mongo.close();
}
