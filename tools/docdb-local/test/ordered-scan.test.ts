/**
 * Index-ordered `sort` + `limit`, index-only counts and the bounded top-k sort must give exactly
 * what the plain in-memory path gives: the same documents in the same order (ties, missing
 * fields, nulls, mixed number types, descending, arrays). Every query runs against two
 * collections holding the same documents inserted in the same order, one with indexes and one
 * without; the scan counters show the indexed one really read less.
 */
import { Decimal128, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { looseCollection, useServer } from './helpers.ts';

const env = useServer({}, 'ordered');
const N = 3000;

function docAt(i: number): Document {
  // A small deterministic mix: many ties on name, missing and null names, three number types.
  const doc: Document = { _id: i, n: i };
  const s = (i * 7919) % 10;
  if (s < 6) doc.status = 'active';
  else if (s < 9) doc.status = 'draft';
  if (i % 97 !== 0) doc.name = i % 89 === 0 ? null : `name-${(i * 31) % 97}`;
  const p = (i * 37) % 211;
  doc.price = i % 3 === 0 ? new Decimal128(`${p}.50`) : i % 3 === 1 ? p : p + 0.25;
  doc.createdAt = new Date(Date.UTC(2026, 0, 1) + ((i * 104729) % 5000) * 60_000);
  doc.tags = i % 5 === 0 ? [] : [`t${i % 7}`, `t${(i * 3) % 11}`];
  return doc;
}

const indexed = () => looseCollection(env.db, 'indexed');
const plain = () => looseCollection(env.db, 'plain');

async function scanned(): Promise<{ objects: number; scans: number }> {
  const s = await env.db.admin().command({ serverStatus: 1 });
  return {
    objects: s.metrics.queryExecutor.scannedObjects,
    scans: s.metrics.queryExecutor.collectionScans.total,
  };
}

/** Runs the query on both collections; returns both `_id` lists and what the indexed one read. */
async function both(filter: Document, sort: Document, skip = 0, limit = 0) {
  const run = (c: ReturnType<typeof indexed>) => {
    let cursor = c.find(filter).sort(sort).skip(skip);
    if (limit) cursor = cursor.limit(limit);
    return cursor.toArray();
  };
  const before = await scanned();
  const fast = await run(indexed());
  const after = await scanned();
  const slow = await run(plain());
  return {
    fast: fast.map((d) => d._id),
    slow: slow.map((d) => d._id),
    read: after.objects - before.objects,
    scans: after.scans - before.scans,
  };
}

describe('index-ordered sort + limit', () => {
  it('loads the same documents into both collections', async () => {
    const docs = Array.from({ length: N }, (_, i) => docAt(i));
    await indexed().insertMany(docs);
    await plain().insertMany(docs.map((d) => ({ ...d })));
    await indexed().createIndex({ status: 1, name: 1 });
    await indexed().createIndex({ status: 1, price: -1 });
    await indexed().createIndex({ status: 1, createdAt: -1 });
    await indexed().createIndex({ name: 1 });
    await indexed().createIndex({ tags: 1 });
    expect(await plain().countDocuments({})).toBe(N);
  });

  it('walks an equality prefix then the sort field, ties broken by _id, both directions', async () => {
    for (const sort of [{ name: 1, _id: 1 }, { name: -1, _id: -1 }, { name: 1, _id: -1 }, { name: -1 }]) {
      for (const filter of [{ status: 'active' }, { status: { $in: ['active'] } }, { status: 'draft' }]) {
        const r = await both(filter, sort, 0, 20);
        expect(r.fast, JSON.stringify({ filter, sort })).toEqual(r.slow);
        expect(r.fast).toHaveLength(20);
        // Twenty documents plus the runs of equal names they end in, not the ~1,800 matches.
        expect(r.read).toBeLessThan(120);
        expect(r.scans).toBe(0);
      }
    }
    const deep = await both({ status: 'active' }, { name: 1, _id: 1 }, 500, 20);
    expect(deep.fast).toEqual(deep.slow);
    expect(deep.fast).toHaveLength(20);
  });

  it('serves a descending index backwards and forwards, numbers of three types in one order', async () => {
    for (const sort of [{ price: 1 }, { price: -1, _id: 1 }, { createdAt: -1, _id: -1 }, { createdAt: 1 }]) {
      const r = await both({ status: 'active' }, sort, 3, 25);
      expect(r.fast, JSON.stringify(sort)).toEqual(r.slow);
      expect(r.fast).toHaveLength(25);
      expect(r.read).toBeLessThan(200);
    }
  });

  it('orders missing and null values as MongoDB does (before strings), without an equality prefix', async () => {
    const up = await both({}, { name: 1, _id: 1 }, 0, 300);
    expect(up.fast).toEqual(up.slow);
    expect(up.read).toBeLessThan(400);
    const down = await both({ n: { $gte: 0 } }, { name: -1, _id: 1 }, 0, 50);
    expect(down.fast).toEqual(down.slow);
    // The walk's positive control: the same query on the plain collection read everything.
    expect(down.read).toBeLessThan(200);
  });

  it('narrows the walk with a range on the sort field, and pages by keyset through everything', async () => {
    const r = await both({ status: 'draft', price: { $gte: 10, $lt: 50 } }, { price: -1, _id: 1 }, 0, 5);
    expect(r.fast).toEqual(r.slow);
    expect(r.fast).toHaveLength(5);
    for (const dir of [1, -1] as const) {
      const op = dir === 1 ? '$gt' : '$lt';
      const all = await plain()
        .find({ status: 'active', name: { $type: 'string' } })
        .sort({ name: dir, _id: dir })
        .toArray();
      const walked: unknown[] = [];
      let last: Document | undefined;
      let maxRead = 0;
      for (let guard = 0; guard < 200; guard++) {
        const after = last
          ? { $or: [{ name: { [op]: last.name } }, { name: last.name, _id: { [op]: last._id } }] }
          : { name: { $type: 'string' } };
        const filter = { $and: [{ status: 'active' }, after] };
        const page = await both(filter, { name: dir, _id: dir }, 0, 50);
        expect(page.fast).toEqual(page.slow);
        maxRead = Math.max(maxRead, page.read);
        walked.push(...page.fast);
        if (page.fast.length < 50) break;
        last = (await indexed().findOne({ _id: page.fast.at(-1) })) as Document;
      }
      expect(walked).toEqual(all.map((d) => d._id));
      // Each page starts where the last ended: its reads do not grow with the page number.
      expect(maxRead).toBeLessThan(150);
    }
  });

  it('walks a multikey index by each document’s least (or greatest) element', async () => {
    for (const sort of [
      { tags: 1, _id: 1 },
      { tags: -1, _id: 1 },
    ]) {
      const r = await both({}, sort, 0, 40);
      expect(r.fast, JSON.stringify(sort)).toEqual(r.slow);
      expect(r.fast).toHaveLength(40);
    }
  });

  it('falls back to the bounded sort when no index orders the query, with the full sort’s result', async () => {
    const sorts: Record<string, 1 | -1>[] = [{ n: -1 }, { name: 1, n: -1 }, { price: 1, _id: -1 }];
    for (const sort of sorts) {
      const limited = await indexed().find({ status: 'draft' }).sort(sort).limit(30).toArray();
      const full = await plain().find({ status: 'draft' }).sort(sort).toArray();
      expect(limited.map((d) => d._id)).toEqual(full.slice(0, 30).map((d) => d._id));
    }
  });

  it('reads its own uncommitted writes in a transaction (no index walk over the live data there)', async () => {
    const session = env.client.startSession();
    try {
      await session.withTransaction(async () => {
        await indexed().insertOne({ _id: 'tx', status: 'active', name: '' }, { session });
        const first = await indexed()
          .find({ status: 'active' }, { session })
          .sort({ name: 1 })
          .limit(1)
          .toArray();
        expect(first[0]?._id).toBe('tx');
        expect(await indexed().countDocuments({ status: 'active' }, { session })).toBe(
          (await plain().countDocuments({ status: 'active' })) + 1,
        );
        await session.abortTransaction();
      });
    } catch {
      // withTransaction reports the deliberate abort; the assertions inside have run.
    } finally {
      await session.endSession();
    }
    expect(await indexed().findOne({ _id: 'tx' })).toBeNull();
  });
});

describe('counts from an index', () => {
  it('counts equalities on leading index fields without reading a document, as many as a scan finds', async () => {
    for (const filter of [
      { status: 'active' },
      { status: { $in: ['active', 'draft', 'active'] } },
      { status: 'draft', name: 'name-3' },
      { status: { $eq: 'active' }, name: { $in: ['name-1', 'name-2', 'nope'] } },
      { _id: { $in: [1, 2, 3, 'x'] } },
    ]) {
      const before = await scanned();
      const fast = await indexed().countDocuments(filter);
      const after = await scanned();
      const slow = await plain().countDocuments(filter);
      expect(fast, JSON.stringify(filter)).toBe(slow);
      expect(slow).toBeGreaterThan(0);
      expect(after.objects - before.objects).toBe(0);
    }
    // skip and limit apply to the index count as to a scanned one.
    expect(await indexed().countDocuments({ status: 'active' }, { skip: 10, limit: 5 })).toBe(5);
    const all = await plain().countDocuments({ status: 'active' });
    expect(await indexed().countDocuments({ status: 'active' }, { skip: all - 3 })).toBe(3);
    expect(await indexed().countDocuments({ status: 'gone' })).toBe(0);
    const cmd = await env.db.command({ count: 'indexed', query: { status: 'draft' } });
    expect(cmd.n).toBe(await plain().countDocuments({ status: 'draft' }));
  });

  it('counts by reading documents when the index cannot answer exactly', async () => {
    for (const filter of [
      { status: null }, // also matches a missing status
      { tags: 't3' }, // multikey: a document has several entries
      { status: 'active', n: { $lt: 100 } }, // a condition the index does not hold
    ]) {
      const before = await scanned();
      const fast = await indexed().countDocuments(filter);
      const after = await scanned();
      expect(fast, JSON.stringify(filter)).toBe(await plain().countDocuments(filter));
      expect(fast).toBeGreaterThan(0);
      expect(after.objects - before.objects).toBeGreaterThan(0);
    }
  });

  it('keeps counting right as documents change', async () => {
    const before = await indexed().countDocuments({ status: 'active' });
    await indexed().updateMany({ status: 'active', n: { $lt: 100 } }, { $set: { status: 'archived' } });
    await plain().updateMany({ status: 'active', n: { $lt: 100 } }, { $set: { status: 'archived' } });
    const after = await indexed().countDocuments({ status: 'active' });
    expect(after).toBe(await plain().countDocuments({ status: 'active' }));
    expect(after).toBeLessThan(before);
    expect(await indexed().countDocuments({ status: 'archived' })).toBe(before - after);
  });
});

describe('compound $in probes', () => {
  it('reads only the keys of an equality prefix followed by an $in', async () => {
    const before = await scanned();
    const found = await indexed()
      .find({ status: 'draft', name: { $in: ['name-5', 'name-6'] } })
      .toArray();
    const after = await scanned();
    const expected = await plain()
      .find({ status: 'draft', name: { $in: ['name-5', 'name-6'] } })
      .toArray();
    expect(found.map((d) => d._id).sort()).toEqual(expected.map((d) => d._id).sort());
    expect(found.length).toBeGreaterThan(0);
    expect(after.objects - before.objects).toBe(found.length);
  });
});
