/**
 * The relay's batches: events leased together, published with the bus's publishMany when it has
 * one (the document-store bus: one insertMany per queue), marked sent together; a failed batch
 * publish falls back to one by one, so nothing is lost and each event is queued once.
 */
import { queueName } from '@b2b/shared/catalogue';
import {
  createDocStoreEventBus,
  type EventBus,
  OUTBOX_COLLECTION,
  type OutboxRecord,
  startOutboxRelay,
  withOutbox,
} from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderShipped } from './events-support/envelopes.ts';
import { startTestDatabase, type TestDatabase, until } from './events-support/harness.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('document-store publishMany', () => {
  it('queues every event for each subscribed consumer once, also when the batch is published again', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    const batch = ['SO-B1', 'SO-B2', 'SO-B3'].map((n) => ({ event: orderShipped(n) }));
    await bus.publishMany?.(batch);
    await bus.publishMany?.(batch);
    // order.shipped goes to product, payment and notification (the catalogue); not to order.
    for (const consumer of ['product', 'payment', 'notification'] as const) {
      const ids = await db
        .collection(queueName(consumer))
        .find({}, { projection: { _id: 1 } })
        .toArray();
      expect(ids.map((r) => r._id).sort(), consumer).toEqual(batch.map((b) => b.event.id).sort());
    }
    expect(await db.collection(queueName('order')).countDocuments()).toBe(0);
  });
});

describe('outbox relay batches', () => {
  it('relays 30 events staged at once through publishMany, in order, each queued once and marked sent', async () => {
    const orderDb = database.freshDb('order');
    const busDb = database.freshDb();
    await orderDb.createCollection(OUTBOX_COLLECTION);
    const docstore = createDocStoreEventBus({ db: busDb });
    const batches: number[] = [];
    let singles = 0;
    const bus: EventBus = {
      ...docstore,
      publish: async (event, opts) => {
        singles++;
        await docstore.publish(event, opts);
      },
      publishMany: async (batch) => {
        batches.push(batch.length);
        await docstore.publishMany?.(batch);
      },
    };
    const staged = Array.from({ length: 30 }, (_, i) => orderShipped(`SO-C${i}`));
    await withOutbox(database.client, orderDb, async (_s, stage) => {
      for (const e of staged) stage(e);
    });
    const relay = startOutboxRelay({ db: orderDb, bus, intervalMs: 20, batchSize: 10 });
    const outbox = orderDb.collection<OutboxRecord>(OUTBOX_COLLECTION);
    try {
      await until(async () => (await outbox.countDocuments({ status: 'sent' })) === 30, 'all sent');
      expect(batches).toEqual([10, 10, 10]);
      expect(singles).toBe(0);
      const queued = await busDb.collection(queueName('payment')).find({}).sort({ _id: 1 }).toArray();
      expect(queued).toHaveLength(30);
      // No lease is left behind, and every event counts one attempt.
      expect(await outbox.countDocuments({ leaseToken: { $exists: true } })).toBe(0);
      expect(await outbox.countDocuments({ attempts: 1 })).toBe(30);
    } finally {
      await relay.stop();
    }
  });

  it('falls back to one by one when a batch publish fails: every event still queued exactly once', async () => {
    const orderDb = database.freshDb('order');
    const busDb = database.freshDb();
    await orderDb.createCollection(OUTBOX_COLLECTION);
    const docstore = createDocStoreEventBus({ db: busDb });
    let singles = 0;
    const bus: EventBus = {
      ...docstore,
      publish: async (event, opts) => {
        singles++;
        await docstore.publish(event, opts);
      },
      // Queues the first half, then fails: the relay cannot know which made it.
      publishMany: async (batch) => {
        await docstore.publishMany?.(batch.slice(0, Math.floor(batch.length / 2)));
        throw new Error('broker hiccup');
      },
    };
    const staged = Array.from({ length: 6 }, (_, i) => orderShipped(`SO-D${i}`));
    await withOutbox(database.client, orderDb, async (_s, stage) => {
      for (const e of staged) stage(e);
    });
    const relay = startOutboxRelay({ db: orderDb, bus, intervalMs: 20 });
    const outbox = orderDb.collection<OutboxRecord>(OUTBOX_COLLECTION);
    try {
      await until(async () => (await outbox.countDocuments({ status: 'sent' })) === 6, 'all sent');
      expect(singles).toBe(6);
      const ids = (await busDb.collection(queueName('payment')).find({}).toArray()).map((r) => r._id);
      expect(ids.sort()).toEqual(staged.map((e) => e.id).sort());
    } finally {
      await relay.stop();
    }
  });
});
