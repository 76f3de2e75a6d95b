import {
  buildEventHandlers,
  createDocStoreEventBus,
  type EventHandler,
  ensureEventConsumerIndexes,
  OUTBOX_COLLECTION,
  type OutboxRecord,
  PROCESSED_EVENTS_COLLECTION,
  SIDE_EFFECT_CLAIMS_COLLECTION,
  SideEffectInProgressError,
  sideEffect,
  startEventConsumers,
} from '@b2b/shared/events';
import { createService } from '@b2b/shared/http';
import type { Db } from 'mongodb';
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

interface InvoiceRow {
  orderId: string;
}

/** The payment service's saga step: one invoice per shipped order, and its invoice.issued reply. */
async function paymentDb(): Promise<Db> {
  const db = database.freshDb('payment');
  await ensureEventConsumerIndexes(db);
  await db.createCollection('invoices');
  return db;
}

function scheduleInvoice(db: Db, opts: { failAfterWrite?: () => boolean } = {}) {
  return buildEventHandlers({
    consumer: 'payment',
    db,
    handlers: {
      'order.shipped': async (event, tx) => {
        await db
          .collection<InvoiceRow>('invoices')
          .insertOne({ orderId: event.data.orderId }, { session: tx.session });
        tx.stage('invoice.issued', {
          invoiceId: `i-${event.data.orderNumber}`,
          orderId: event.data.orderId,
          companyId: event.data.companyId,
          number: `INV-${event.data.orderNumber}`,
          amount: { amount: '99.90', currency: 'EUR' },
          dueDate: '2025-02-01T00:00:00.000Z',
        });
        if (opts.failAfterWrite?.()) throw new Error('failed after the write and the staging');
      },
    },
  })['order.shipped'] as EventHandler<'order.shipped'>;
}

describe('transactional event handlers (idempotency record + state change + outbox in one transaction)', () => {
  it('handles the same event delivered 10 times at once exactly once: one state change, one staged reply', async () => {
    const db = await paymentDb();
    const handle = scheduleInvoice(db);
    const event = orderShipped('SO-1');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => handle(event)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await db.collection('invoices').countDocuments()).toBe(1);
    const staged = await db.collection<OutboxRecord>(OUTBOX_COLLECTION).find().toArray();
    expect(staged.map((r) => r.type)).toEqual(['invoice.issued']);
    // The reply continues the flow of the event that caused it.
    expect(staged[0]?.event).toMatchObject({ source: 'payment', correlationId: event.correlationId });

    // Positive control: a different event is a second state change and a second reply.
    await handle(orderShipped('SO-2'));
    expect(await db.collection('invoices').countDocuments()).toBe(2);
    expect(await db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(2);
  });

  it('a handler that throws leaves no idempotency record, no state change and no staged event; the redelivery runs it', async () => {
    const db = await paymentDb();
    let fail = true;
    const handle = scheduleInvoice(db, { failAfterWrite: () => fail });
    const event = orderShipped('SO-3');
    await expect(handle(event)).rejects.toThrow('failed after the write');
    expect(await db.collection(PROCESSED_EVENTS_COLLECTION).countDocuments()).toBe(0);
    expect(await db.collection('invoices').countDocuments()).toBe(0);
    expect(await db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);

    fail = false;
    await handle(event);
    expect(await db.collection(PROCESSED_EVENTS_COLLECTION).countDocuments()).toBe(1);
    expect(await db.collection('invoices').countDocuments()).toBe(1);
    expect(await db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(1);
  });

  it('a reply the schema refuses fails the handler: nothing is recorded', async () => {
    const db = await paymentDb();
    const handle = buildEventHandlers({
      consumer: 'payment',
      db,
      handlers: {
        'order.shipped': async (event, tx) => {
          await db
            .collection<InvoiceRow>('invoices')
            .insertOne({ orderId: event.data.orderId }, { session: tx.session });
          // A float where a decimal string belongs: a programming error, refused at staging.
          tx.stage('payment.authorized', {
            paymentId: 'p-1',
            orderId: event.data.orderId,
            amount: { amount: 99.9 as unknown as string, currency: 'EUR' },
          });
        },
      },
    })['order.shipped'] as EventHandler<'order.shipped'>;
    await expect(handle(orderShipped('SO-4'))).rejects.toThrow(
      /invalid payment.authorized payload: \/amount\/amount/,
    );
    expect(await db.collection('invoices').countDocuments()).toBe(0);
    expect(await db.collection(PROCESSED_EVENTS_COLLECTION).countDocuments()).toBe(0);
  });

  it('accepts only handlers of events the service consumes, and replies only with events it produces (typecheck)', async () => {
    const db = await paymentDb();
    const handlers = buildEventHandlers({
      consumer: 'payment',
      db,
      handlers: {
        'order.shipped': async (_event, tx) => {
          // @ts-expect-error order.confirmed is produced by the order service, not by payment
          tx.stage('order.confirmed', {} as never);
        },
        // @ts-expect-error payment does not consume user.registered (notification does)
        'user.registered': async () => {},
      },
    });
    // Positive control: the typed-in handler is there.
    expect(Object.keys(handlers).sort()).toEqual(['order.shipped', 'user.registered']);
  });
});

describe('claim → act → mark handlers (side effects outside the database)', () => {
  async function claimsDb(): Promise<Db> {
    const db = database.freshDb('notification');
    await ensureEventConsumerIndexes(db);
    return db;
  }

  function emailer(db: Db, send: (attempt: number) => Promise<void>) {
    return buildEventHandlers({
      consumer: 'notification',
      db,
      handlers: {
        'order.shipped': sideEffect(async (_event, ctx) => send(ctx.attempt), {
          retries: 2,
          baseBackoffMs: 1,
          maxBackoffMs: 5,
        }),
      },
    })['order.shipped'] as EventHandler<'order.shipped'>;
  }

  it('calls the outside action once for 10 concurrent deliveries of one event, and acknowledges later ones', async () => {
    const db = await claimsDb();
    let sends = 0;
    let release!: () => void;
    const sending = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handle = emailer(db, async () => {
      sends++;
      await sending;
    });
    const event = orderShipped('SO-10');
    // Settled at once: the nine refused deliveries reject while the first is still acting, and a
    // rejection nobody is waiting on yet is an unhandled rejection (it failed CI under load).
    const settled = Promise.allSettled(Array.from({ length: 10 }, () => handle(event)));
    // While the first holds the claim, the others are told to come back later (the bus redelivers).
    await until(() => sends === 1, 'the first delivery acting');
    release();
    const results = await settled;
    expect(sends).toBe(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.length).toBe(9);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(SideEffectInProgressError);

    // The redeliveries find it done: acknowledged, not sent again.
    await Promise.all(rejected.map(() => handle(event)));
    expect(sends).toBe(1);
    expect(await db.collection(SIDE_EFFECT_CLAIMS_COLLECTION).findOne()).toMatchObject({ status: 'done' });

    // Positive control: another event is sent.
    await handle(orderShipped('SO-11'));
    expect(sends).toBe(2);
  });

  it('retries the action after a transient failure, with the same idempotency key', async () => {
    const db = await claimsDb();
    const attempts: number[] = [];
    const keys: string[] = [];
    const handle = buildEventHandlers({
      consumer: 'notification',
      db,
      handlers: {
        'order.shipped': sideEffect(
          async (_event, ctx) => {
            attempts.push(ctx.attempt);
            keys.push(ctx.idempotencyKey);
            if (attempts.length === 1) throw new Error('SES throttled');
          },
          { retries: 2, baseBackoffMs: 1, maxBackoffMs: 5 },
        ),
      },
    })['order.shipped'] as EventHandler<'order.shipped'>;
    const event = orderShipped('SO-12');
    await handle(event);
    expect(attempts).toEqual([0, 1]);
    expect(new Set(keys)).toEqual(new Set([`notification:${event.id}`]));
    await handle(event);
    expect(attempts).toEqual([0, 1]);
  });

  it('when every retry fails it releases the claim and throws, so the redelivery acts again at once', async () => {
    const db = await claimsDb();
    let down = true;
    let sends = 0;
    const handle = emailer(db, async () => {
      sends++;
      if (down) throw new Error('provider down');
    });
    const event = orderShipped('SO-13');
    await expect(handle(event)).rejects.toThrow('provider down');
    expect(sends).toBe(3);
    expect(await db.collection(SIDE_EFFECT_CLAIMS_COLLECTION).findOne()).toMatchObject({
      status: 'acting',
      leaseUntil: new Date(0),
      lastError: 'Error: provider down',
    });
    down = false;
    await handle(event);
    expect(sends).toBe(4);
    expect(await db.collection(SIDE_EFFECT_CLAIMS_COLLECTION).findOne()).toMatchObject({ status: 'done' });
  });

  it('takes over a claim whose holder crashed once its lease ran out (the documented one repeat), not before', async () => {
    const db = await claimsDb();
    let sends = 0;
    const handle = emailer(db, async () => {
      sends++;
    });
    const event = orderShipped('SO-14');
    const claims = db.collection<{ _id: string }>(SIDE_EFFECT_CLAIMS_COLLECTION);
    // A holder that acted and died before marking it done, its lease still running.
    await claims.insertOne({
      _id: `notification:${event.id}`,
      status: 'acting',
      leaseUntil: new Date(Date.now() + 60_000),
      claimToken: 'dead-holder',
      claims: 1,
    } as never);
    await expect(handle(event)).rejects.toBeInstanceOf(SideEffectInProgressError);
    expect(sends).toBe(0);
    await claims.updateOne(
      { _id: `notification:${event.id}` },
      { $set: { leaseUntil: new Date(Date.now() - 1) } },
    );
    await handle(event);
    expect(sends).toBe(1);
  });
});

describe('startEventConsumers', () => {
  it('consumes through the bus, reports readiness and stops when the app closes', async () => {
    const db = await paymentDb();
    const bus = createDocStoreEventBus({ db: database.freshDb('eventbus') });
    const app = createService({ name: 'payment' });
    const consumer = await startEventConsumers(app, {
      consumer: 'payment',
      bus,
      db,
      handlers: {
        'order.shipped': async (event, tx) => {
          await db
            .collection<InvoiceRow>('invoices')
            .insertOne({ orderId: event.data.orderId }, { session: tx.session });
        },
      },
    });
    try {
      const event = orderShipped('SO-20');
      await bus.publish(event);
      await bus.publish(event);
      await until(async () => (await db.collection('invoices').countDocuments()) === 1, 'the invoice');

      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().checks['events:payment']).toEqual({ status: 'up' });

      await app.close();
      const after = await app.readiness.run();
      expect(after.checks['events:payment']).toMatchObject({
        status: 'down',
        detail: 'event consumer stopped',
      });
    } finally {
      await consumer.stop();
      await bus.close();
    }
  });
});
