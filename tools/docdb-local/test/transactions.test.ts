import { Long, MongoClient, MongoServerError } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { useServer } from './helpers.ts';

const env = useServer();
const orders = () => env.db.collection('orders');
const outbox = () => env.db.collection('outbox');

beforeEach(async () => {
  await orders().deleteMany({});
  await outbox().deleteMany({});
});

describe('transactions', () => {
  it('commits a state change and its outbox event together through withTransaction', async () => {
    await orders().insertOne({ _id: 'o1', status: 'new' } as never);
    const session = env.client.startSession();
    try {
      await session.withTransaction(async () => {
        await orders().updateOne({ _id: 'o1' } as never, { $set: { status: 'paid' } }, { session });
        await outbox().insertOne({ type: 'order.paid', orderId: 'o1' }, { session });
        // Not visible outside the transaction before commit.
        expect(await outbox().countDocuments({})).toBe(0);
        expect((await orders().findOne({ _id: 'o1' } as never))?.status).toBe('new');
        // Visible inside it.
        expect(await outbox().countDocuments({}, { session })).toBe(1);
      });
    } finally {
      await session.endSession();
    }
    expect((await orders().findOne({ _id: 'o1' } as never))?.status).toBe('paid');
    expect(await outbox().countDocuments({ orderId: 'o1' })).toBe(1);
  });

  it('undoes everything on abort', async () => {
    const session = env.client.startSession();
    session.startTransaction();
    await orders().insertOne({ _id: 'o2' } as never, { session });
    await outbox().insertOne({ orderId: 'o2' }, { session });
    await session.abortTransaction();
    await session.endSession();
    expect(await orders().countDocuments({})).toBe(0);
    expect(await outbox().countDocuments({})).toBe(0);
  });

  it('answers a write conflict with WriteConflict (112) labelled TransientTransactionError', async () => {
    await orders().insertOne({ _id: 'o3', n: 0 } as never);
    const a = env.client.startSession();
    const b = env.client.startSession();
    a.startTransaction();
    b.startTransaction();
    await orders().updateOne({ _id: 'o3' } as never, { $inc: { n: 1 } }, { session: a });
    const err = await orders()
      .updateOne({ _id: 'o3' } as never, { $inc: { n: 1 } }, { session: b })
      .catch((e) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(112);
    expect(err.hasErrorLabel('TransientTransactionError')).toBe(true);
    await a.commitTransaction();
    await b.abortTransaction().catch(() => undefined);
    await a.endSession();
    await b.endSession();
    expect((await orders().findOne({ _id: 'o3' } as never))?.n).toBe(1);
  });

  it('lets withTransaction retry conflicting transactions until all succeed', async () => {
    await orders().insertOne({ _id: 'counter', n: 0 } as never);
    const clients = await Promise.all(
      Array.from({ length: 4 }, () =>
        new MongoClient(env.server.uri, { serverSelectionTimeoutMS: 5000 }).connect(),
      ),
    );
    try {
      await Promise.all(
        clients.flatMap((client) =>
          Array.from({ length: 5 }, async () => {
            const session = client.startSession();
            try {
              await session.withTransaction(async () => {
                const c = client.db(env.db.databaseName).collection('orders');
                const doc = await c.findOne({ _id: 'counter' } as never, { session });
                await c.updateOne(
                  { _id: 'counter' } as never,
                  { $set: { n: (doc?.n ?? 0) + 1 } },
                  { session },
                );
                await client
                  .db(env.db.databaseName)
                  .collection('outbox')
                  .insertOne({ n: doc?.n }, { session });
              });
            } finally {
              await session.endSession();
            }
          }),
        ),
      );
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    expect((await orders().findOne({ _id: 'counter' } as never))?.n).toBe(20);
    expect(await outbox().countDocuments({})).toBe(20);
  });

  it('aborts the open transaction of an ended session and frees its documents', async () => {
    await orders().insertOne({ _id: 'o4', n: 0 } as never);
    const a = env.client.startSession();
    a.startTransaction();
    await orders().updateOne({ _id: 'o4' } as never, { $set: { n: 1 } }, { session: a });
    // The server ends the session while its transaction is still open.
    await env.db.command({ endSessions: [a.id] });
    const b = env.client.startSession();
    await b.withTransaction(async () => {
      await orders().updateOne({ _id: 'o4' } as never, { $set: { n: 2 } }, { session: b });
    });
    await b.endSession();
    await a.endSession();
    expect((await orders().findOne({ _id: 'o4' } as never))?.n).toBe(2);
  });

  it('reads a snapshot: writes committed after the transaction started stay invisible to it', async () => {
    // Through an index, so the snapshot must also find versions the index no longer lists.
    await orders().createIndex({ tag: 1 });
    await orders().insertMany([
      { _id: 's1', n: 0, tag: 'x' },
      { _id: 's2', n: 0, tag: 'x' },
    ] as never[]);
    const session = env.client.startSession();
    session.startTransaction();
    expect(await orders().countDocuments({ tag: 'x' }, { session })).toBe(2);
    // Plain writes by someone else after the snapshot.
    await orders().updateOne({ _id: 's1' } as never, { $set: { n: 5, tag: 'y' } });
    await orders().deleteOne({ _id: 's2' } as never);
    await orders().insertOne({ _id: 's3', n: 0, tag: 'x' } as never);
    const seen = await orders().find({ tag: 'x' }, { session }).sort({ _id: 1 }).toArray();
    expect(seen.map((d) => [d._id, d.n])).toEqual([
      ['s1', 0],
      ['s2', 0],
    ]);
    // Writing what changed since the snapshot is a conflict, so the stale view never commits.
    const err = await orders()
      .updateOne({ _id: 's2' } as never, { $inc: { n: 1 } }, { session })
      .catch((e) => e);
    expect(err.code).toBe(112);
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    const now = await orders().find({}).sort({ _id: 1 }).toArray();
    expect(now.map((d) => [d._id, d.n, d.tag])).toEqual([
      ['s1', 5, 'y'],
      ['s3', 0, 'x'],
    ]);
  });

  it('refuses commands that are not allowed in a transaction', async () => {
    const session = env.client.startSession();
    session.startTransaction();
    const err = await env.db.command({ listCollections: 1 }, { session }).catch((e) => e);
    expect(err.code).toBe(263);
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
  });

  it('keeps unique indexes across transactions', async () => {
    await outbox().createIndex({ key: 1 }, { unique: true });
    await outbox().insertOne({ key: 'k1' });
    const session = env.client.startSession();
    const err = await session
      .withTransaction(async () => {
        await outbox().insertOne({ key: 'k2' }, { session });
        await outbox().insertOne({ key: 'k1' }, { session });
      })
      .catch((e) => e);
    await session.endSession();
    expect(err.code).toBe(11000);
    expect(await outbox().countDocuments({ key: 'k2' })).toBe(0);
    await outbox().dropIndex('key_1');
  });

  it('checks unique keys among its own writes as they change (replaced, deleted, numbers of any type)', async () => {
    await outbox().createIndex({ key: 1 }, { unique: true });
    const session = env.client.startSession();
    /** The error code of an insert in the session (a duplicate also aborts the transaction). */
    const refused = async (doc: object) => {
      const err = await outbox()
        .insertOne(doc as never, { session })
        .catch((e: { code?: number }) => e);
      await session.abortTransaction().catch(() => {});
      return (err as { code?: number }).code;
    };
    try {
      session.startTransaction();
      await outbox().insertOne({ _id: 'a', key: 'x' } as never, { session });
      // Positive control: the same key again in the same transaction is refused.
      expect(await refused({ key: 'x' })).toBe(11000);

      session.startTransaction();
      await outbox().insertOne({ _id: 'a', key: 'x' } as never, { session });
      await outbox().updateOne({ _id: 'a' } as never, { $set: { key: 'y' } }, { session });
      await outbox().insertOne({ _id: 'b', key: 'x' } as never, { session }); // x is free again
      expect(await refused({ key: 'y' })).toBe(11000);

      session.startTransaction();
      await outbox().insertOne({ _id: 'e', key: 6 } as never, { session });
      expect(await refused({ key: new Long(6) })).toBe(11000); // the same number as an int64

      session.startTransaction();
      await outbox().insertOne({ _id: 'a', key: 'y' } as never, { session });
      await outbox().deleteOne({ _id: 'a' } as never, { session });
      await outbox().insertOne({ _id: 'c', key: 'y' } as never, { session }); // y is free again
      await outbox().insertOne({ _id: 'd', key: 5 } as never, { session });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect((await outbox().find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['c', 'd']);
    await outbox().dropIndex('key_1');
  });
});
