import { describe, expect, it } from 'vitest';
import { looseCollection, useServer, waitFor } from './helpers.ts';

const env = useServer({ ttlIntervalMs: 50 }, 'indexes');

async function scanMetrics(): Promise<{ scanned: number; scans: number }> {
  const s = await env.db.admin().command({ serverStatus: 1 });
  return {
    scanned: s.metrics.queryExecutor.scannedObjects,
    scans: s.metrics.queryExecutor.collectionScans.total,
  };
}

describe('index use', () => {
  it('answers equality and range queries on an indexed field without scanning the collection', async () => {
    const c = looseCollection(env.db, 'big');
    await c.insertMany(
      Array.from({ length: 5000 }, (_, i) => ({ _id: i, sku: `sku-${i}`, price: i, other: i })),
    );
    await c.createIndex({ sku: 1 });
    await c.createIndex({ price: 1 });

    let before = await scanMetrics();
    expect(await c.findOne({ sku: 'sku-4321' })).toMatchObject({ _id: 4321 });
    let after = await scanMetrics();
    expect(after.scans - before.scans).toBe(0);
    expect(after.scanned - before.scanned).toBe(1);

    before = await scanMetrics();
    const range = await c.find({ price: { $gte: 100, $lt: 110 } }).toArray();
    after = await scanMetrics();
    expect(range).toHaveLength(10);
    expect(after.scans - before.scans).toBe(0);
    expect(after.scanned - before.scanned).toBe(10);

    before = await scanMetrics();
    expect(await c.find({ sku: { $in: ['sku-1', 'sku-2', 'nope'] } }).toArray()).toHaveLength(2);
    after = await scanMetrics();
    expect(after.scanned - before.scanned).toBe(2);

    // A count of equalities on an index reads no document at all (index-count.test.ts).
    before = await scanMetrics();
    expect(await c.countDocuments({ sku: { $in: ['sku-1', 'sku-2', 'nope'] } })).toBe(2);
    after = await scanMetrics();
    expect(after.scanned - before.scanned).toBe(0);

    // An unindexed field needs the full scan, which the metrics show.
    before = await scanMetrics();
    expect(await c.findOne({ other: 4321 })).toMatchObject({ _id: 4321 });
    after = await scanMetrics();
    expect(after.scans - before.scans).toBe(1);
  });

  it('reads a sorted, limited query in index order instead of sorting the collection', async () => {
    const c = looseCollection(env.db, 'big');
    const before = await scanMetrics();
    const newest = await c
      .find({ other: { $gte: 0 } })
      .sort({ price: -1 })
      .limit(3)
      .toArray();
    const after = await scanMetrics();
    expect(newest.map((d) => d.price)).toEqual([4999, 4998, 4997]);
    expect(after.scanned - before.scanned).toBe(3);
    const page = await c.find({}).sort({ price: 1 }).skip(10).limit(2).toArray();
    expect(page.map((d) => d._id)).toEqual([10, 11]);
    const beforeAgg = await scanMetrics();
    const top = await c
      .aggregate([{ $sort: { price: -1 } }, { $limit: 2 }, { $project: { _id: 1 } }])
      .toArray();
    const afterAgg = await scanMetrics();
    expect(top).toEqual([{ _id: 4999 }, { _id: 4998 }]);
    expect(afterAgg.scanned - beforeAgg.scanned).toBe(2);
  });

  it('pins several leading fields of a compound index with equalities', async () => {
    const c = looseCollection(env.db, 'tenants');
    await c.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({
        company: `c${i % 4}`,
        status: i % 10 === 0 ? 'open' : 'done',
        n: i,
      })),
    );
    await c.createIndex({ company: 1, status: 1, n: -1 });
    const before = await scanMetrics();
    const open = await c.find({ company: 'c0', status: 'open' }).toArray();
    const after = await scanMetrics();
    expect(open).toHaveLength(100);
    expect(after.scanned - before.scanned).toBe(100);
    expect(await c.countDocuments({ company: 'c1', status: 'open', n: { $gt: 1000 } })).toBe(0);
    expect(await c.countDocuments({ company: 'c0', status: 'open', n: { $gte: 1000 } })).toBe(50);
  });

  it('answers anchored prefix regexes from the index', async () => {
    const c = looseCollection(env.db, 'big');
    const before = await scanMetrics();
    const hits = await c
      .find({ sku: /^sku-123/ })
      .sort({ _id: 1 })
      .toArray();
    const after = await scanMetrics();
    expect(hits.map((d) => d._id)).toEqual([123, 1230, 1231, 1232, 1233, 1234, 1235, 1236, 1237, 1238, 1239]);
    expect(after.scans - before.scans).toBe(0);
    expect(after.scanned - before.scanned).toBe(11);
    // Quantifiers, alternation and case-insensitivity still find everything (by other means).
    expect(await c.countDocuments({ sku: /^sku-12?3$/ })).toBe(2);
    expect(await c.countDocuments({ sku: { $regex: '^SKU-4999', $options: 'i' } })).toBe(1);
    expect(await c.countDocuments({ sku: /^sku-4999|^sku-4998/ })).toBe(2);
  });

  it('explains which index a query uses', async () => {
    const c = looseCollection(env.db, 'big');
    const bySku = await c.find({ sku: 'sku-1' }).explain();
    expect(bySku.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: 'sku_1' });
    const byId = await c.find({ _id: 1 }).explain();
    expect(byId.queryPlanner.winningPlan.stage).toBe('IDHACK');
    const scan = await c.find({ other: 1 }).explain();
    expect(scan.queryPlanner.winningPlan.stage).toBe('COLLSCAN');
    const agg = await c.aggregate([{ $match: { price: { $gt: 10 } } }]).explain();
    expect(agg.queryPlanner.winningPlan.inputStage.indexName).toBe('price_1');
  });

  it('keeps type bracketing on index ranges', async () => {
    const c = looseCollection(env.db, 'mixed');
    await c.createIndex({ v: 1 });
    await c.insertMany([{ v: 1 }, { v: 'a' }, { v: 5 }, { v: null }, { v: new Date(0) }, { v: [3, 'b'] }]);
    const nums = await c
      .find({ v: { $gt: 2 } })
      .sort({ _id: 1 })
      .toArray();
    expect(nums.map((d) => d.v)).toEqual([5, [3, 'b']]);
    expect(await c.countDocuments({ v: null })).toBe(1);
    // Each bound may be met by a different element of an array.
    await c.insertOne({ v: [1, 10] });
    expect(await c.countDocuments({ v: { $gt: 5, $lt: 8 } })).toBe(1);
    expect(await c.countDocuments({ v: 'b' })).toBe(1);
  });
});

describe('partial and sparse indexes', () => {
  it('enforces uniqueness only for documents a partial index covers', async () => {
    const c = looseCollection(env.db, 'partial');
    await c.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([
      { email: 'a@x', active: false },
      { email: 'a@x', active: false },
      { email: 'a@x', active: true },
    ]);
    const err = await c.insertOne({ email: 'a@x', active: true }).catch((e) => e);
    expect(err.code).toBe(11000);
    // Documents outside the partial filter are still found (by a scan).
    expect(await c.countDocuments({ email: 'a@x' })).toBe(3);
  });

  it('lets many documents lack a field of a sparse unique index', async () => {
    const c = looseCollection(env.db, 'sparse');
    await c.createIndex({ code: 1 }, { unique: true, sparse: true });
    await c.insertMany([{ n: 1 }, { n: 2 }, { code: 'x' }]);
    expect((await c.insertOne({ code: 'x' }).catch((e) => e)).code).toBe(11000);
    expect(await c.countDocuments({ code: { $exists: false } })).toBe(2);
  });

  it('treats a missing field as null in a non-sparse unique index', async () => {
    const c = looseCollection(env.db, 'nonsparse');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertOne({ n: 1 });
    expect((await c.insertOne({ n: 2 }).catch((e) => e)).code).toBe(11000);
  });
});

describe('TTL indexes', () => {
  it('deletes documents once their date is older than expireAfterSeconds', async () => {
    const c = looseCollection(env.db, 'sessions');
    await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 3_600_000);
    await c.insertMany([
      { _id: 'old', expiresAt: past },
      { _id: 'new', expiresAt: future },
      { _id: 'none' },
      { _id: 'text', expiresAt: 'not a date' },
    ]);
    await waitFor(async () => (await c.countDocuments({ _id: 'old' })) === 0, 5000, 'the TTL monitor');
    expect((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['new', 'none', 'text']);
  });
});

describe('multikey indexes', () => {
  it('refuses arrays on two paths of a compound index (parallel arrays), as MongoDB does', async () => {
    const c = looseCollection(env.db, 'parallel');
    await c.createIndex({ a: 1, b: 1 });
    const inserted = await c.insertOne({ a: [1, 2], b: [3, 4] }).catch((e) => e);
    expect(inserted.code).toBe(171);
    await c.insertOne({ _id: 1, a: [1, 2], b: 3 });
    const updated = await c.updateOne({ _id: 1 }, { $set: { b: [5, 6] } }).catch((e) => e);
    expect(updated.code).toBe(171);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: [1, 2], b: 3 });
    // Fields under one array are not parallel: their keys pair up per document.
    const items = looseCollection(env.db, 'parallelItems');
    await items.createIndex({ 'items.sku': 1, 'items.qty': 1 });
    await items.insertOne({
      _id: 1,
      items: [
        { sku: 'x', qty: 1 },
        { sku: 'y', qty: 2 },
      ],
    });
    expect(await items.countDocuments({ 'items.sku': 'y', 'items.qty': 2 })).toBe(1);
    // An index build over existing parallel arrays fails and leaves no index behind.
    const loose = looseCollection(env.db, 'parallelBuild');
    await loose.insertOne({ a: [1], b: [2] });
    expect((await loose.createIndex({ a: 1, b: 1 }).catch((e) => e)).code).toBe(171);
    expect((await loose.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('answers a prefix regex on an array field from its multikey index, reading only the matching keys', async () => {
    const c = looseCollection(env.db, 'wordKeys');
    await c.createIndex({ keys: 1 });
    await c.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({ _id: i, keys: [`word${i}`, `brand${i % 10}`, 'common'] })),
    );
    const before = await scanMetrics();
    const hits = await c.find({ keys: /^word12/ }).toArray();
    const after = await scanMetrics();
    // word12, word120..129, word1200..1299: 111 documents, each read once, no collection scan.
    expect(hits).toHaveLength(111);
    expect(after.scans - before.scans).toBe(0);
    expect(after.scanned - before.scanned).toBe(111);
  });

  it('keeps a two-operator range on a multikey index correct when two elements meet its bounds', async () => {
    const c = looseCollection(env.db, 'splitKeys');
    await c.createIndex({ keys: 1 });
    await c.insertMany([
      { _id: 'split', keys: ['aa', 'zz'] },
      { _id: 'inside', keys: ['mm'] },
      { _id: 'below', keys: ['aa'] },
    ]);
    // 'zz' > 'm' and 'aa' < 'n': the split document matches without one element inside the range,
    // so the scan keeps only one bound there; a prefix regex is met by one element or none.
    const range = await c.find({ keys: { $gt: 'm', $lt: 'n' } }).toArray();
    expect(range.map((d) => d._id).sort()).toEqual(['inside', 'split']);
    expect((await c.find({ keys: /^m/ }).toArray()).map((d) => d._id)).toEqual(['inside']);
    expect((await c.find({ keys: /^a/ }).toArray()).map((d) => d._id).sort()).toEqual(['below', 'split']);
  });

  it('indexes a document with a 40,000-element array without stalling the server', async () => {
    const c = looseCollection(env.db, 'longArray');
    await c.createIndex({ tags: 1 }, { unique: true });
    const tags = Array.from({ length: 40_000 }, (_, i) => `t${i % 30_000}`);
    const started = Date.now();
    await c.insertOne({ _id: 1, tags });
    // Deduplicating the keys pairwise took ~100 s here; sorted, it takes about one.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await c.countDocuments({ tags: 't29999' })).toBe(1);
    expect((await c.insertOne({ _id: 2, tags: ['t5'] }).catch((e) => e)).code).toBe(11000);
  });
});
