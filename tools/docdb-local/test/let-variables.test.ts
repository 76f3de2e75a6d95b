/** A command's `let` variables reach `$expr` (`$$name`) on find, aggregate, update, delete and findAndModify. */
import { beforeEach, describe, expect, it } from 'vitest';
import { useServer } from './helpers.ts';

const env = useServer();
const items = () => env.db.collection<{ _id: number; a: number; qty: number }>('let_items');

beforeEach(async () => {
  await items().deleteMany({});
  await items().insertMany([
    { _id: 1, a: 1, qty: 5 },
    { _id: 2, a: 2, qty: 50 },
    { _id: 3, a: 1, qty: 500 },
  ]);
});

describe('let variables', () => {
  it('find: $$x in $expr takes the value of let.x', async () => {
    const docs = await items()
      .find({ $expr: { $eq: ['$a', '$$x'] } }, { let: { x: 1 }, sort: { _id: 1 } })
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([1, 3]);
    // Another value selects other documents: the variable is really read.
    const other = await items()
      .find({ $expr: { $eq: ['$a', '$$x'] } }, { let: { x: 2 } })
      .toArray();
    expect(other.map((d) => d._id)).toEqual([2]);
  });

  it('find: a variable can be an expression over earlier ones, and combine with fields', async () => {
    const docs = await items()
      .find(
        { $expr: { $and: [{ $eq: ['$a', '$$x'] }, { $gt: ['$qty', '$$min'] }] } },
        { let: { x: 1, min: { $multiply: [10, 10] } } },
      )
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([3]);
  });

  it('find without let still says the variable is undefined (negative control)', async () => {
    const err = await items()
      .find({ $expr: { $eq: ['$a', '$$x'] } })
      .toArray()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 17276, message: 'Use of undefined variable: x' });
  });

  it('a let that is not a document is refused with TypeMismatch', async () => {
    const err = await env.db.command({ find: 'let_items', filter: {}, let: 5 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 14 });
  });

  it('aggregate: $match with $$x', async () => {
    const docs = await items()
      .aggregate([{ $match: { $expr: { $eq: ['$a', '$$x'] } } }, { $sort: { _id: 1 } }], { let: { x: 2 } })
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([2]);
  });

  it('updateMany and deleteMany filter with $$x', async () => {
    const updated = await items().updateMany(
      { $expr: { $eq: ['$a', '$$x'] } },
      { $set: { qty: 0 } },
      { let: { x: 1 } },
    );
    expect(updated.modifiedCount).toBe(2);
    expect((await items().find({ qty: 0 }).toArray()).map((d) => d._id).sort()).toEqual([1, 3]);

    const deleted = await items().deleteMany({ $expr: { $eq: ['$a', '$$x'] } }, { let: { x: 2 } });
    expect(deleted.deletedCount).toBe(1);
    expect(await items().countDocuments()).toBe(2);
  });

  it('findOneAndUpdate and findOneAndDelete filter with $$x', async () => {
    const before = await items().findOneAndUpdate(
      { $expr: { $eq: ['$qty', '$$q'] } },
      { $inc: { qty: 1 } },
      { let: { q: 50 } },
    );
    expect(before?._id).toBe(2);
    expect((await items().findOne({ _id: 2 }))?.qty).toBe(51);
    const removed = await items().findOneAndDelete({ $expr: { $eq: ['$qty', '$$q'] } }, { let: { q: 500 } });
    expect(removed?._id).toBe(3);
    expect(await items().countDocuments()).toBe(2);
  });
});
