import { startEmbeddedServer } from '@b2b/docdb-local';
import { createMongo, ensureIndexes, type Mongo } from '@b2b/shared/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
let mongo: Mongo;

beforeAll(async () => {
  server = await startEmbeddedServer();
  mongo = createMongo({ uri: server.uri, dbName: 'catalog', appName: 'db-test' });
});
afterAll(async () => {
  await mongo?.close();
  await server?.close();
});

describe('createMongo against a server', () => {
  it('answers ping and readiness', async () => {
    await expect(mongo.ping()).resolves.toBeUndefined();
    await expect(mongo.isReady()).resolves.toBe(true);
  });

  it('creates the index plan at start-up, idempotently, and the indexes are enforced', async () => {
    const plan = {
      products: [{ key: { sku: 1 }, name: 'sku_unique', unique: true }],
      price_lists: [{ key: { companyId: 1, validFrom: -1 }, name: 'company_valid_from' }],
    };
    await ensureIndexes(mongo.db, plan);
    await ensureIndexes(mongo.db, plan); // a second start-up changes nothing
    const names = (await mongo.db.collection('products').indexes()).map((i) => i.name);
    expect(names).toContain('sku_unique');
    expect((await mongo.db.collection('price_lists').indexes()).map((i) => i.name)).toContain(
      'company_valid_from',
    );
    await mongo.db.collection('products').insertOne({ sku: 'A-1' });
    await expect(mongo.db.collection('products').insertOne({ sku: 'A-1' })).rejects.toMatchObject({
      code: 11000,
    });
  });
});
