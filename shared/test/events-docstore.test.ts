import { queueName } from '@b2b/shared/catalogue';
import {
  type Consumer,
  createDocStoreEventBus,
  createEvent,
  deadLetterName,
  type EventEnvelope,
  MAX_RECEIVES,
} from '@b2b/shared/events';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase, until } from './events-support/harness.ts';
import { productSnapshot } from './events-support/payloads.ts';

let database: TestDatabase;
const consumers: Consumer[] = [];

beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(async () => {
  await database?.close();
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
});

function orderPlaced(orderNumber = 'SO-1'): EventEnvelope<'order.placed'> {
  return createEvent(
    'order.placed',
    {
      orderId: `o-${orderNumber}`,
      orderNumber,
      companyId: 'c-1',
      userId: 'u-1',
      items: [{ sku: 'SKU-1', quantity: 2, unitPrice: { amount: '10.00', currency: 'EUR' } }],
      total: { amount: '20.00', currency: 'EUR' },
      paymentMethod: 'invoice',
    },
    { source: 'order' },
  );
}

const queueSize = (db: Db, consumer: Parameters<typeof queueName>[0]) =>
  db.collection(queueName(consumer)).countDocuments();

describe('document-store event bus', () => {
  it('fans an event out to the queue of every subscribed consumer, and only those', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    const event = orderPlaced();
    await bus.publish(event);
    for (const consumer of ['product', 'payment', 'notification'] as const) {
      expect(await queueSize(db, consumer), consumer).toBe(1);
    }
    expect(await queueSize(db, 'order')).toBe(0);
    expect(await queueSize(db, 'search')).toBe(0);
    // Publishing the same event again (an outbox retry) does not queue it twice.
    await bus.publish(event);
    expect(await queueSize(db, 'payment')).toBe(1);
  });

  it('delivers to the handler and deletes the message after success', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    const received: EventEnvelope[] = [];
    consumers.push(
      bus.consume('payment', {
        'order.placed': async (e) => {
          received.push(e);
        },
      }),
    );
    const event = orderPlaced();
    await bus.publish(event);
    await until(() => received.length === 1, 'delivery');
    expect(received[0]).toEqual(event);
    await until(async () => (await queueSize(db, 'payment')) === 0, 'delete');
  });

  it('redelivers a message whose handler failed once the visibility timeout passes', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    let calls = 0;
    consumers.push(
      bus.consume(
        'payment',
        {
          'order.placed': async () => {
            calls++;
            if (calls === 1) throw new Error('payment provider timed out');
          },
        },
        { visibilityTimeoutMs: 150 },
      ),
    );
    await bus.publish(orderPlaced());
    await until(() => calls === 1, 'first delivery');
    // The failure is recorded on the message for operators; the message itself stays queued.
    await until(
      async () => (await db.collection(queueName('payment')).findOne({}))?.lastError !== undefined,
      'lastError',
    );
    const row = await db.collection(queueName('payment')).findOne({});
    expect(row).toMatchObject({ receiveCount: 1, lastError: 'Error: payment provider timed out' });
    await until(() => calls === 2, 'redelivery');
    await until(async () => (await queueSize(db, 'payment')) === 0, 'delete after success');
  });

  it(`dead-letters after ${MAX_RECEIVES} receives; an operator can list and redrive it`, async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db, minPollMs: 10 });
    let calls = 0;
    let healthy = false;
    const handled: string[] = [];
    consumers.push(
      bus.consume(
        'notification',
        {
          'order.placed': async (e) => {
            calls++;
            if (!healthy) throw new Error('template missing');
            handled.push(e.id);
          },
        },
        // One at a time, so the count of receives is exact even when the machine is slow enough
        // for a claim to outlive its 50 ms visibility timeout.
        { visibilityTimeoutMs: 50, concurrency: 1 },
      ),
    );
    const event = orderPlaced();
    await bus.publish(event);
    await until(async () => (await bus.listDeadLetters('notification')).length === 1, 'dead letter');
    expect(calls).toBe(MAX_RECEIVES);
    expect(await queueSize(db, 'notification')).toBe(0);
    const [dead] = await bus.listDeadLetters('notification');
    expect(dead).toMatchObject({
      id: event.id,
      type: 'order.placed',
      receiveCount: MAX_RECEIVES,
      lastError: 'Error: template missing',
      event,
    });

    healthy = true;
    expect(await bus.redrive('notification', [event.id])).toBe(1);
    await until(() => handled.length === 1, 'redriven delivery');
    expect(handled).toEqual([event.id]);
    expect(await bus.listDeadLetters('notification')).toEqual([]);
    await until(async () => (await queueSize(db, 'notification')) === 0, 'delete');
    expect(await db.collection(deadLetterName('notification')).countDocuments()).toBe(0);
  });

  it('counts each redriven letter once when two operators redrive at the same time', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db, minPollMs: 10 });
    const now = new Date();
    const letters = Array.from({ length: 20 }, (_, n) => {
      const event = orderPlaced(`SO-R${n}`);
      return {
        _id: event.id,
        type: event.type,
        body: JSON.stringify(event),
        receiveCount: MAX_RECEIVES,
        visibleAt: now,
        enqueuedAt: now,
        deadAt: now,
        lastError: 'Error: down',
      };
    });
    await db.collection<{ _id: string }>(deadLetterName('payment')).insertMany(letters);
    const [a, b] = await Promise.all([bus.redrive('payment'), bus.redrive('payment')]);
    expect(a + b).toBe(20);
    expect(await queueSize(db, 'payment')).toBe(20);
    expect(await db.collection(deadLetterName('payment')).countDocuments()).toBe(0);
    // Positive control: a second round finds nothing left to move.
    expect(await bus.redrive('payment')).toBe(0);
  });

  it('pages dead letters oldest first without their bodies', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db, minPollMs: 10 });
    const letters = Array.from({ length: 5 }, (_, n) => {
      const event = orderPlaced(`SO-P${n}`);
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n));
      return {
        _id: event.id,
        type: event.type,
        body: JSON.stringify(event),
        receiveCount: MAX_RECEIVES,
        visibleAt: at,
        enqueuedAt: at,
        deadAt: at,
        lastError: `Error: ${n}`,
      };
    });
    await db.collection<{ _id: string }>(deadLetterName('order')).insertMany([...letters].reverse());
    const page = await bus.deadLetters.list('order', { offset: 2, limit: 2 });
    expect(page).toEqual({
      total: 5,
      letters: letters.slice(2, 4).map((l) => ({
        id: l._id,
        type: 'order.placed',
        attempts: MAX_RECEIVES,
        reason: l.lastError,
        deadLetteredAt: l.deadAt,
      })),
    });
  });

  it('keeps a slow handler’s message invisible to other consumers by extending its visibility', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db, minPollMs: 10 });
    // Long enough that a heartbeat delayed by a loaded machine still lands before the message reappears.
    const visibilityTimeoutMs = 400;
    let calls = 0;
    const slowHandler = {
      'order.placed': async () => {
        calls++;
        // Three visibility timeouts: without extension another consumer would receive it meanwhile.
        const end = Date.now() + 3 * visibilityTimeoutMs;
        await until(() => Date.now() >= end, 'slow work');
      },
    };
    consumers.push(bus.consume('product', slowHandler, { visibilityTimeoutMs }));
    consumers.push(bus.consume('product', slowHandler, { visibilityTimeoutMs }));
    await bus.publish(orderPlaced());
    await until(async () => calls === 1 && (await queueSize(db, 'product')) === 0, 'handled and deleted');
    expect(calls).toBe(1);
  });

  it('deletes, with a log line, an event the consumer has no handler for', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    consumers.push(bus.consume('notification', {}));
    await bus.publish(orderPlaced());
    await until(async () => (await queueSize(db, 'notification')) === 0, 'delete');
    expect(await bus.listDeadLetters('notification')).toEqual([]);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    let running = 0;
    let maxRunning = 0;
    let done = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (let i = 0; i < 6; i++) await bus.publish(orderPlaced(`SO-${i}`));
    consumers.push(
      bus.consume(
        'payment',
        {
          'order.placed': async () => {
            running++;
            maxRunning = Math.max(maxRunning, running);
            await gate;
            running--;
            done++;
          },
        },
        { concurrency: 3 },
      ),
    );
    await until(() => running === 3, 'three handlers running');
    release();
    await until(() => done === 6, 'all handled');
    expect(maxRunning).toBe(3);
  });

  it('polls quickly while messages flow and backs off when idle', async () => {
    // A second client that reports the commands it sends: the consumer's claims are findAndModify.
    const monitored = new MongoClient(database.uri, { monitorCommands: true });
    let claims = 0;
    monitored.on('commandStarted', (e) => {
      if (e.commandName === 'findAndModify') claims++;
    });
    const db = monitored.db(database.freshDb().databaseName);
    const bus = createDocStoreEventBus({ db, minPollMs: 50, maxPollMs: 2_000 });
    const received: string[] = [];
    const consumer = bus.consume('search', {
      'product.created': async (e) => {
        received.push(e.id);
      },
    });
    try {
      const idleUntil = Date.now() + 2_500;
      await until(() => Date.now() >= idleUntil, 'idle period');
      // Waits of 50, 100, 200, 400, 800, 1600 ms: about 6 polls in 2.5 s, where a fixed 50 ms would make 50.
      expect(claims).toBeGreaterThanOrEqual(3);
      expect(claims).toBeLessThanOrEqual(8);

      // A message published in this process wakes the idle consumer at once.
      const started = Date.now();
      await bus.publish(createEvent('product.created', productSnapshot(), { source: 'product' }));
      await until(() => received.length === 1, 'delivery');
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      await consumer.stop();
      await monitored.close();
    }
  });

  it('keeps polling quickly for a while after a message, then backs off again', async () => {
    const monitored = new MongoClient(database.uri, { monitorCommands: true });
    let claims = 0;
    monitored.on('commandStarted', (e) => {
      if (e.commandName === 'findAndModify') claims++;
    });
    const db = monitored.db(database.freshDb().databaseName);
    const bus = createDocStoreEventBus({ db, minPollMs: 50, maxPollMs: 2_000, hotWindowMs: 1_500 });
    const received: string[] = [];
    const consumer = bus.consume('search', {
      'product.created': async (e) => {
        received.push(e.id);
      },
    });
    try {
      await bus.publish(createEvent('product.created', productSnapshot(), { source: 'product' }));
      await until(() => received.length === 1, 'delivery');
      // Inside the window: every 50 ms (about 20 polls in 1 s), where backing off would make 4.
      const hotStart = claims;
      const hotUntil = Date.now() + 1_000;
      await until(() => Date.now() >= hotUntil, 'hot window');
      expect(claims - hotStart).toBeGreaterThanOrEqual(8);
      // After it: backing off again (waits of 100, 200, 400, 800 ms: a handful in 1.5 s).
      const coolUntil = Date.now() + 600;
      await until(() => Date.now() >= coolUntil, 'window over');
      const coolStart = claims;
      const idleUntil = Date.now() + 1_500;
      await until(() => Date.now() >= idleUntil, 'idle period');
      expect(claims - coolStart).toBeLessThanOrEqual(8);
    } finally {
      await consumer.stop();
      await monitored.close();
    }
  });

  it('stops cleanly: the handler in progress finishes and is acknowledged', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    let started = false;
    let finish: () => void = () => {};
    const consumer = bus.consume('payment', {
      'order.placed': () =>
        new Promise<void>((resolve) => {
          started = true;
          finish = resolve;
        }),
    });
    await bus.publish(orderPlaced());
    await until(() => started, 'handler start');
    const stopping = consumer.stop();
    finish();
    await stopping;
    expect(await queueSize(db, 'payment')).toBe(0);
  });
});
