import { ensureIndexes, isDuplicateKey } from '@b2b/shared/db';
import { databaseTest as it } from '@b2b/test-kit/fixtures';
import { describe, expect } from 'vitest';

describe('createMongo against a server', () => {
  it('answers ping and readiness', async ({ mongo }) => {
    await expect(mongo.ping()).resolves.toBeUndefined();
    await expect(mongo.isReady()).resolves.toBe(true);
  });

  it('creates the index plan at start-up, idempotently, and the indexes are enforced', async ({ mongo }) => {
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
    await mongo.db.collection('products').insertOne({ sku: 'A-2' }); // positive control
    const duplicate = await mongo.db
      .collection('products')
      .insertOne({ sku: 'A-1' })
      .catch((e: unknown) => e);
    expect(isDuplicateKey(duplicate)).toBe(true);
  });
});
