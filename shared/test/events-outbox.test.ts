import {
  createDocStoreEventBus,
  createEvent,
  createOutbox,
  type EventBus,
  type EventEnvelope,
  ensureProcessedEventIndexes,
  idempotent,
  OUTBOX_COLLECTION,
  type OutboxRecord,
  PROCESSED_EVENTS_COLLECTION,
  startOutboxRelay,
  withOutbox,
} from '@b2b/shared/events';
import { ObjectId } from 'mongodb';
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

function orderConfirmed(orderNumber: string): EventEnvelope<'order.confirmed'> {
  return createEvent(
    'order.confirmed',
    {
      orderId: `o-${orderNumber}`,
      orderNumber,
      companyId: 'c-1',
      userId: 'u-1',
      total: { amount: '99.90', currency: 'EUR' },
    },
    { source: 'order' },
  );
}

/** A bus whose publish fails while `failuresLeft` > 0, like SNS during an outage; records what got through. */
function flakyBus(inner?: EventBus) {
  const state = {
    failuresLeft: 0,
    attempts: 0,
    /** When each publish was attempted (ms): the gaps are the relay's backoff. */
    attemptedAt: [] as number[],
    published: [] as EventEnvelope[],
    traces: [] as (string | undefined)[],
  };
  const bus: EventBus = {
    kind: 'docstore',
    async publish(event, opts) {
      state.attempts++;
      state.attemptedAt.push(performance.now());
      if (state.failuresLeft > 0) {
        state.failuresLeft--;
        throw new Error('sns unavailable');
      }
      state.published.push(event);
      state.traces.push(opts?.traceHeader);
      await inner?.publish(event, opts);
    },
    consume: (...args) => {
      if (!inner) throw new Error('no inner bus');
      return inner.consume(...args);
    },
    isReady: async () => true,
    close: async () => {},
  };
  return { bus, state };
}

describe('transactional outbox', () => {
  it('stores the event with the state change, or neither when the transaction fails', async () => {
    const db = database.freshDb('order');
    const orders = db.collection<{ _id: string; status: string }>('orders');
    const outbox = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
    await db.createCollection('orders');
    await db.createCollection(OUTBOX_COLLECTION);

    const event = orderConfirmed('SO-1');
    const returned = await withOutbox(database.client, db, async (session, stage) => {
      await orders.insertOne({ _id: 'o-SO-1', status: 'confirmed' }, { session });
      stage(event);
      return 'o-SO-1';
    });
    expect(returned).toBe('o-SO-1');
    expect(await orders.countDocuments()).toBe(1);
    expect(await outbox.findOne({ eventId: event.id })).toMatchObject({
      status: 'pending',
      attempts: 0,
      event,
    });

    await expect(
      withOutbox(database.client, db, async (session, stage) => {
        await orders.insertOne({ _id: 'o-SO-2', status: 'confirmed' }, { session });
        stage(orderConfirmed('SO-2'));
        throw new Error('credit limit exceeded');
      }),
    ).rejects.toThrow('credit limit exceeded');
    expect(await orders.countDocuments()).toBe(1);
    expect(await outbox.countDocuments()).toBe(1);
  });

  it('stages through an explicit session too', async () => {
    const db = database.freshDb('order');
    await db.createCollection(OUTBOX_COLLECTION);
    const outbox = createOutbox(db);
    const event = orderConfirmed('SO-3');
    await database.client.withSession((session) =>
      session.withTransaction(() => outbox.stage(session, event)),
    );
    expect(await db.collection(OUTBOX_COLLECTION).countDocuments({ eventId: event.id })).toBe(1);
  });

  it('relays staged events in order and marks them sent', async () => {
    const db = database.freshDb('order');
    await db.createCollection(OUTBOX_COLLECTION);
    const { bus, state } = flakyBus();
    const staged = ['SO-10', 'SO-11', 'SO-12'].map(orderConfirmed);
    await withOutbox(database.client, db, async (_session, stage) => {
      for (const e of staged) stage(e);
    });
    const relay = startOutboxRelay({ db, bus, intervalMs: 20 });
    try {
      await until(() => state.published.length === 3, 'three publishes');
      expect(state.published.map((e) => e.id)).toEqual(staged.map((e) => e.id));
      await until(
        async () => (await db.collection(OUTBOX_COLLECTION).countDocuments({ status: 'sent' })) === 3,
        'marked sent',
      );
    } finally {
      await relay.stop();
    }
  });

  it('retries with growing backoff while the publisher fails, then sends', async () => {
    const db = database.freshDb('order');
    await db.createCollection(OUTBOX_COLLECTION);
    const { bus, state } = flakyBus();
    state.failuresLeft = 3;
    const event = orderConfirmed('SO-20');
    await withOutbox(database.client, db, async (_s, stage) => stage(event));
    const relay = startOutboxRelay({ db, bus, intervalMs: 10, baseBackoffMs: 40, maxBackoffMs: 1_000 });
    const outbox = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
    try {
      await until(
        async () => (await outbox.findOne({ eventId: event.id }))?.status === 'sent',
        'sent after failures',
      );
      const row = await outbox.findOne({ eventId: event.id });
      expect(row).toMatchObject({ status: 'sent', attempts: 4 });
      expect(row?.lastError).toBeUndefined();
      expect(state.attempts).toBe(4);
      expect(state.published).toHaveLength(1);
      // Backoff windows of 40, 80, 160 ms, jittered within their upper half: the gaps between
      // attempts are at least 20, 40 and 80 ms (a loaded machine only makes them longer).
      const gaps = state.attemptedAt.slice(1).map((t, i) => t - state.attemptedAt[i]!);
      expect(gaps).toHaveLength(3);
      expect(gaps[0]).toBeGreaterThanOrEqual(20);
      expect(gaps[1]).toBeGreaterThanOrEqual(40);
      expect(gaps[2]).toBeGreaterThanOrEqual(80);
    } finally {
      await relay.stop();
    }
  });
});

describe('outbox relay housekeeping', () => {
  it('two relays on one database (two tasks) publish each event once', async () => {
    const db = database.freshDb('order');
    await db.createCollection(OUTBOX_COLLECTION);
    const { bus, state } = flakyBus();
    const staged = Array.from({ length: 20 }, (_, i) => orderConfirmed(`SO-6${i}`));
    await withOutbox(database.client, db, async (_s, stage) => {
      for (const e of staged) stage(e);
    });
    const relays = [
      startOutboxRelay({ db, bus, intervalMs: 5 }),
      startOutboxRelay({ db, bus, intervalMs: 5 }),
    ];
    try {
      await until(
        async () => (await db.collection(OUTBOX_COLLECTION).countDocuments({ status: 'sent' })) === 20,
        'all sent',
      );
      expect(state.published.map((e) => e.id).sort()).toEqual(staged.map((e) => e.id).sort());
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
  });

  it('prunes sent events after the retention period, never pending ones', async () => {
    const db = database.freshDb('order');
    await db.createCollection(OUTBOX_COLLECTION);
    const outbox = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
    const old = new Date(Date.now() - 3_600_000);
    const base = {
      status: 'sent' as const,
      attempts: 1,
      nextAttemptAt: old,
      createdAt: old,
      type: 'order.confirmed',
    };
    await outbox.insertMany([
      { ...base, _id: new ObjectId(), eventId: 'old-sent', event: orderConfirmed('SO-70'), sentAt: old },
      {
        ...base,
        _id: new ObjectId(),
        eventId: 'new-sent',
        event: orderConfirmed('SO-71'),
        sentAt: new Date(),
      },
    ]);
    const { bus, state } = flakyBus();
    state.failuresLeft = 1_000; // the pending one keeps failing: it must stay
    await withOutbox(database.client, db, async (_s, stage) => stage(orderConfirmed('SO-72')));
    const relay = startOutboxRelay({ db, bus, intervalMs: 10, retentionMs: 60_000 });
    try {
      await until(async () => (await outbox.countDocuments({ eventId: 'old-sent' })) === 0, 'pruned');
      expect(await outbox.countDocuments({ eventId: 'new-sent' })).toBe(1);
      expect(await outbox.countDocuments({ status: 'pending' })).toBe(1);
      const ttl = (await outbox.indexes()).find((i) => i.name === 'sent_ttl');
      expect(ttl).toMatchObject({ key: { sentAt: 1 }, expireAfterSeconds: 60 });
    } finally {
      await relay.stop();
    }
  });
});

describe('outbox → bus → idempotent consumer', () => {
  it('delivers an event written with a state change after the publisher was failing, exactly once even when delivered twice', async () => {
    const orderDb = database.freshDb('order');
    const paymentDb = database.freshDb('payment');
    const busDb = database.freshDb('eventbus');
    await orderDb.createCollection('orders');
    await orderDb.createCollection(OUTBOX_COLLECTION);
    await paymentDb.createCollection('invoices_scheduled');
    await ensureProcessedEventIndexes(paymentDb);

    const docstore = createDocStoreEventBus({ db: busDb, minPollMs: 10 });
    const { bus, state } = flakyBus(docstore);
    state.failuresLeft = 2;

    // The consumer: schedules one invoice per shipped order, idempotently. (Payment is routed
    // order.shipped, not order.confirmed: the bus fans out only what the catalogue routes.)
    let handlerRuns = 0;
    const scheduled = paymentDb.collection<{ orderId: string }>('invoices_scheduled');
    const consumer = docstore.consume('payment', {
      'order.shipped': idempotent(paymentDb, 'payment', async (event, session) => {
        handlerRuns++;
        await scheduled.insertOne({ orderId: event.data.orderId }, { session });
      }),
    });

    const event = orderShipped('SO-30');
    await withOutbox(database.client, orderDb, async (session, stage) => {
      await orderDb
        .collection('orders')
        .insertOne({ _id: 'o-SO-30' as never, status: 'shipped' }, { session });
      stage(event);
    });
    const relay = startOutboxRelay({ db: orderDb, bus, intervalMs: 10, baseBackoffMs: 20 });
    try {
      await until(async () => (await scheduled.countDocuments()) === 1, 'invoice scheduled');
      expect(state.attempts).toBe(3);

      // The relay died after publishing but before marking it sent: the event comes again.
      await docstore.publish(event);
      await until(
        async () => (await busDb.collection('payment-queue').countDocuments()) === 0,
        'second delivery acked',
      );
      expect(handlerRuns).toBe(1);
      expect(await scheduled.countDocuments()).toBe(1);
      expect(
        await paymentDb.collection(PROCESSED_EVENTS_COLLECTION).countDocuments({ eventId: event.id }),
      ).toBe(1);
    } finally {
      await relay.stop();
      await consumer.stop();
    }
  });

  it('rolls back the handled mark with the handler’s writes when the handler fails', async () => {
    const db = database.freshDb('payment');
    await db.createCollection('invoices_scheduled');
    await ensureProcessedEventIndexes(db);
    const scheduled = db.collection<{ orderId: string }>('invoices_scheduled');
    let fail = true;
    const handler = idempotent<'order.confirmed'>(db, 'payment', async (event, session) => {
      await scheduled.insertOne({ orderId: event.data.orderId }, { session });
      if (fail) throw new Error('downstream failed after the write');
    });
    const event = orderConfirmed('SO-40');
    await expect(handler(event)).rejects.toThrow('downstream failed');
    expect(await scheduled.countDocuments()).toBe(0);
    expect(await db.collection(PROCESSED_EVENTS_COLLECTION).countDocuments()).toBe(0);

    fail = false;
    await handler(event);
    await handler(event);
    expect(await scheduled.countDocuments()).toBe(1);
  });

  it('keeps handled ids per consumer: the same event is handled once by each consumer', async () => {
    const db = database.freshDb('shared');
    await ensureProcessedEventIndexes(db);
    const runs: string[] = [];
    const event = orderConfirmed('SO-50');
    await idempotent(db, 'payment', async () => {
      runs.push('payment');
    })(event);
    await idempotent(db, 'notification', async () => {
      runs.push('notification');
    })(event);
    await idempotent(db, 'payment', async () => {
      runs.push('payment again');
    })(event);
    expect(runs).toEqual(['payment', 'notification']);
    await expect(
      db.collection(PROCESSED_EVENTS_COLLECTION).insertOne({ consumer: 'payment', eventId: event.id }),
    ).rejects.toMatchObject({ code: 11000 });
  });
});
