import {
  Binary,
  Decimal128,
  Double,
  Int32,
  Long,
  MongoBulkWriteError,
  MongoServerError,
  ObjectId,
} from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { looseCollection, useServer, waitFor } from './helpers.ts';

const env = useServer();
const coll = () => looseCollection(env.db, 'items');

beforeEach(async () => {
  await coll()
    .drop()
    .catch(() => undefined);
});

describe('insert and find', () => {
  it('filters, sorts, skips, limits and projects', async () => {
    await coll().insertMany(
      Array.from({ length: 20 }, (_, i) => ({
        _id: i,
        n: i % 5,
        name: `item-${i}`,
        tags: i % 2 ? ['odd'] : ['even'],
      })),
    );
    const docs = await coll()
      .find({ n: { $gte: 2 }, tags: 'odd' }, { projection: { name: 1, _id: 0 } })
      .sort({ n: -1, _id: 1 })
      .skip(1)
      .limit(3)
      .toArray();
    expect(docs).toEqual([{ name: 'item-19' }, { name: 'item-3' }, { name: 'item-13' }]);
    expect(await coll().countDocuments({ tags: { $in: ['even'] } })).toBe(10);
    expect(await coll().findOne({ name: /item-1[0-2]$/ }, { sort: { _id: -1 } })).toMatchObject({ _id: 12 });
  });

  it('pages through large results with getMore and closes cursors with killCursors', async () => {
    await coll().insertMany(Array.from({ length: 1000 }, (_, i) => ({ i })));
    const all = await coll().find({}, { batchSize: 7 }).sort({ i: 1 }).toArray();
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const cursor = coll().find({}, { batchSize: 2 });
    await cursor.next();
    await cursor.close();
    const status = await env.db
      .command({ getMore: Long.fromNumber(123456), collection: 'items' })
      .catch((e) => e);
    expect(status.code).toBe(43);
  });

  it('applies unacknowledged (w: 0) writes without replying', async () => {
    await coll().insertOne({ _id: 'fire-and-forget' }, { writeConcern: { w: 0 } });
    await waitFor(
      async () => (await coll().countDocuments({ _id: 'fire-and-forget' })) === 1,
      5000,
      'the w:0 insert',
    );
  });

  it('round-trips BSON types', async () => {
    const doc = {
      _id: new ObjectId(),
      int: new Int32(7),
      long: Long.fromString('9007199254740993'),
      double: new Double(1),
      dec: Decimal128.fromString('12.3400'),
      date: new Date('2024-01-02T03:04:05.678Z'),
      bin: new Binary(Buffer.from([1, 2, 3])),
      nested: { arr: [1, 'two', { three: 3 }], empty: {} },
    };
    await coll().insertOne(doc);
    const raw = await coll().findOne({ _id: doc._id }, { promoteValues: false, promoteLongs: false });
    expect(raw?.int).toBeInstanceOf(Int32);
    expect(raw?.long).toBeInstanceOf(Long);
    expect(raw?.long.toString()).toBe('9007199254740993');
    expect(raw?.double).toBeInstanceOf(Double);
    expect(raw?.dec.toString()).toBe('12.3400');
    const plain = await coll().findOne({ _id: doc._id });
    expect(plain?.date).toEqual(doc.date);
    expect(Buffer.from(plain?.bin.buffer)).toEqual(Buffer.from([1, 2, 3]));
    expect(plain?.nested).toEqual(doc.nested);
  });

  it('stores a null _id sent by the client', async () => {
    // The Node.js driver swaps a null _id for an ObjectId in insertOne, so send the command itself.
    await env.db.command({ insert: 'items', documents: [{ _id: null, v: 1 }] });
    expect(await coll().countDocuments({ _id: { $type: 'null' } })).toBe(1);
    const dup = await env.db.command({ insert: 'items', documents: [{ _id: null }] });
    expect(dup.writeErrors?.[0]?.code).toBe(11000);
  });

  it('compares Decimal128 numerically with other numbers', async () => {
    await coll().insertMany(['10.5', '9.25', '100', '9.5'].map((p) => ({ price: Decimal128.fromString(p) })));
    await coll().insertOne({ price: 9.75 });
    const over = await coll()
      .find({ price: { $gt: 9.5 } })
      .sort({ price: 1 })
      .toArray();
    expect(over.map((d) => d.price.toString())).toEqual(['9.75', '10.5', '100']);
    expect(await coll().countDocuments({ price: 9.5 })).toBe(1);
  });
});

describe('update', () => {
  it('applies operators, upserts with $setOnInsert and updates many', async () => {
    await coll().insertMany([
      { _id: 1, qty: 1, tags: ['a'] },
      { _id: 2, qty: 5 },
    ]);
    const r = await coll().updateOne(
      { _id: 1 },
      { $inc: { qty: 2 }, $push: { tags: 'b' } as never, $set: { 'meta.by': 'x' }, $unset: { nope: '' } },
    );
    expect(r.modifiedCount).toBe(1);
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, qty: 3, tags: ['a', 'b'], meta: { by: 'x' } });
    const up = await coll().updateOne(
      { sku: 'new' },
      { $set: { qty: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    expect(up.upsertedCount).toBe(1);
    const again = await coll().updateOne(
      { sku: 'new' },
      { $set: { qty: 2 }, $setOnInsert: { created: false } },
      { upsert: true },
    );
    expect(again.upsertedCount).toBe(0);
    expect(await coll().findOne({ sku: 'new' }, { projection: { _id: 0 } })).toEqual({
      sku: 'new',
      qty: 2,
      created: true,
    });
    const many = await coll().updateMany({ qty: { $lt: 5 } }, { $mul: { qty: 10 } });
    expect(many.matchedCount).toBe(2);
  });

  it('supports positional $, $[] and arrayFilters', async () => {
    await coll().insertOne({
      _id: 1,
      lines: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2 },
        { sku: 'c', qty: 3 },
      ],
    });
    await coll().updateOne({ _id: 1, 'lines.sku': 'b' }, { $set: { 'lines.$.qty': 20 } });
    await coll().updateOne({ _id: 1 }, { $inc: { 'lines.$[].qty': 1 } });
    await coll().updateOne(
      { _id: 1 },
      { $set: { 'lines.$[l].flag': true } },
      { arrayFilters: [{ 'l.qty': { $gt: 3 } }] },
    );
    expect((await coll().findOne({ _id: 1 }))?.lines).toEqual([
      { sku: 'a', qty: 2 },
      { sku: 'b', qty: 21, flag: true },
      { sku: 'c', qty: 4, flag: true },
    ]);
  });

  it('replaces documents and refuses to change _id', async () => {
    await coll().insertOne({ _id: 1, a: 1 });
    await coll().replaceOne({ _id: 1 }, { b: 2 });
    expect(await coll().findOne({ _id: 1 })).toEqual({ _id: 1, b: 2 });
    const err = await coll()
      .updateOne({ _id: 1 }, { $set: { _id: 2 } })
      .catch((e) => e);
    expect(err.code).toBe(66);
  });

  it('rejects bad operators with the server error codes', async () => {
    await coll().insertOne({ _id: 1, s: 'text' });
    expect(
      (
        await coll()
          .updateOne({ _id: 1 }, { $inc: { s: 1 } })
          .catch((e) => e)
      ).code,
    ).toBe(14);
    expect(
      (
        await coll()
          .updateOne({ _id: 1 }, { $bogus: { s: 1 } } as never)
          .catch((e) => e)
      ).code,
    ).toBe(9);
    expect(
      (
        await coll()
          .find({ s: { $bogus: 1 } })
          .toArray()
          .catch((e) => e)
      ).code,
    ).toBe(2);
  });
});

describe('delete, findAndModify, count, distinct', () => {
  it('deletes one or many', async () => {
    await coll().insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await coll().deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await coll().deleteMany({})).deletedCount).toBe(2);
  });

  it('finds and modifies with sort, new, upsert and remove', async () => {
    await coll().insertMany([
      { _id: 1, q: 'x', n: 1 },
      { _id: 2, q: 'x', n: 2 },
    ]);
    const before = await coll().findOneAndUpdate(
      { q: 'x' },
      { $inc: { n: 10 } },
      { sort: { n: -1 }, returnDocument: 'before' },
    );
    expect(before).toEqual({ _id: 2, q: 'x', n: 2 });
    const after = await coll().findOneAndUpdate(
      { q: 'y' },
      { $set: { n: 0 } },
      { upsert: true, returnDocument: 'after', projection: { _id: 0 } },
    );
    expect(after).toEqual({ q: 'y', n: 0 });
    const removed = await coll().findOneAndDelete({ q: 'x' }, { sort: { n: 1 } });
    expect(removed?._id).toBe(1);
    expect(await coll().estimatedDocumentCount()).toBe(2);
  });

  it('counts and lists distinct values', async () => {
    await coll().insertMany([{ c: 'b', t: [1, 2] }, { c: 'a', t: [2, 3] }, { c: 'b' }]);
    expect(await coll().distinct('c')).toEqual(['a', 'b']);
    expect(await coll().distinct('t', { c: 'b' })).toEqual([1, 2]);
    expect(await env.db.command({ count: 'items', query: { c: 'b' } })).toMatchObject({ n: 2 });
  });
});

describe('unique indexes', () => {
  it('raises E11000 with keyPattern and keyValue on insert, update and upsert', async () => {
    await coll().createIndex({ email: 1 }, { unique: true });
    await coll().insertOne({ _id: 1, email: 'a@x' });
    await coll().insertOne({ _id: 2, email: 'b@x' });
    const ins = await coll()
      .insertOne({ email: 'a@x' })
      .catch((e) => e);
    expect(ins).toBeInstanceOf(MongoServerError);
    expect(ins.code).toBe(11000);
    expect(ins.keyPattern).toEqual({ email: 1 });
    expect(ins.keyValue).toEqual({ email: 'a@x' });
    expect(
      (
        await coll()
          .updateOne({ _id: 2 }, { $set: { email: 'a@x' } })
          .catch((e) => e)
      ).code,
    ).toBe(11000);
    expect(
      (
        await coll()
          .updateOne({ email: 'c@x' }, { $set: { email: 'b@x' } }, { upsert: true })
          .catch((e) => e)
      ).code,
    ).toBe(11000);
    const bulk = await coll()
      .insertMany([{ email: 'd@x' }, { email: 'd@x' }, { email: 'e@x' }], { ordered: false })
      .catch((e) => e);
    expect(bulk).toBeInstanceOf(MongoBulkWriteError);
    expect(bulk.result.insertedCount).toBe(2);
    const dupId = await coll()
      .insertOne({ _id: 1, email: 'z@x' } as never)
      .catch((e) => e);
    expect(dupId.keyPattern).toEqual({ _id: 1 });
  });

  it('enforces compound unique indexes', async () => {
    await coll().createIndex({ tenant: 1, sku: 1 }, { unique: true, name: 'tenant_sku' });
    await coll().insertMany([
      { tenant: 'a', sku: 1 },
      { tenant: 'b', sku: 1 },
    ]);
    const err = await coll()
      .insertOne({ tenant: 'a', sku: 1 })
      .catch((e) => e);
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ tenant: 'a', sku: 1 });
  });
});
