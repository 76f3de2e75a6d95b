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
