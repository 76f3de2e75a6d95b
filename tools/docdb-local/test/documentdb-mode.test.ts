import { describe, expect, it } from 'vitest';
import { useServer } from './helpers.ts';

describe('DocumentDB mode (default)', () => {
  const env = useServer();

  it('refuses $where, mapReduce, $graphLookup and $unionWith with FeatureNotSupported', async () => {
    const c = env.db.collection('docs');
    await c.insertOne({ a: 1 });
    const where = await c
      .find({ $where: 'this.a == 1' })
      .toArray()
      .catch((e) => e);
    expect(where.code).toBe(303);
    expect(where.message).toMatch(/DocumentDB/);
    const mr = await env.db
      .command({ mapReduce: 'docs', map: 'function(){}', reduce: 'function(){}', out: { inline: 1 } })
      .catch((e) => e);
    expect(mr.code).toBe(303);
    const graph = await c
      .aggregate([
        {
          $graphLookup: {
            from: 'docs',
            startWith: '$a',
            connectFromField: 'a',
            connectToField: 'a',
            as: 'g',
          },
        },
      ])
      .toArray()
      .catch((e) => e);
    expect(graph.code).toBe(303);
    const union = await c
      .aggregate([{ $unionWith: 'docs' }])
      .toArray()
      .catch((e) => e);
    expect(union.code).toBe(303);
    const capped = await env.db.createCollection('capped', { capped: true, size: 4096 }).catch((e) => e);
    expect(capped.code).toBe(303);
    const collated = await c
      .find({ a: 1 }, { collation: { locale: 'en', strength: 2 } })
      .toArray()
      .catch((e) => e);
    expect(collated.code).toBe(303);
    const collatedIndex = await c.createIndex({ a: 1 }, { collation: { locale: 'en' } }).catch((e) => e);
    expect(collatedIndex.code).toBe(303);
  });

  it('refuses the stages DocumentDB only has from 8.0, naming them, and accepts their 5.0 spellings', async () => {
    const c = env.db.collection('stages');
    await c.insertOne({ _id: 1, a: { b: 2 }, tag: 'x' } as never);
    const newer = [
      { $set: { c: 1 } },
      { $unset: 'a' },
      { $replaceWith: '$a' },
      { $sortByCount: '$tag' },
      { $bucket: { groupBy: '$a.b', boundaries: [0, 10] } },
      { $facet: { all: [{ $match: {} }] } },
    ];
    for (const stage of newer) {
      const err = await c
        .aggregate([stage])
        .toArray()
        .catch((e) => e);
      expect(err.code, Object.keys(stage)[0]).toBe(303);
      expect(err.message).toContain(Object.keys(stage)[0]);
    }
    const rows = await c
      .aggregate([
        { $addFields: { c: 1 } },
        { $project: { _id: 0, a: 0 } },
        { $group: { _id: '$tag', count: { $sum: 1 } } },
        { $replaceRoot: { newRoot: { tag: '$_id', count: '$count' } } },
      ])
      .toArray();
    expect(rows).toEqual([{ tag: 'x', count: 1 }]);
  });
});

describe('MongoDB mode (documentDbMode: false)', () => {
  const env = useServer({ documentDbMode: false });

  it('accepts what only DocumentDB lacks', async () => {
    await env.db.collection('a').insertOne({ n: 1 });
    await env.db.collection('b').insertOne({ n: 2 });
    const rows = await env.db
      .collection('a')
      .aggregate([{ $unionWith: 'b' }, { $project: { _id: 0 } }])
      .toArray();
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
    // Server-side JavaScript stays unavailable in either mode.
    const where = await env.db
      .collection('a')
      .find({ $where: 'true' })
      .toArray()
      .catch((e) => e);
    expect(where.code).toBe(2);
  });
});
