/**
 * Wake hints across processes on the document-store bus (docstore-wake.ts): a message queued by
 * another process wakes a consumer at once, where without hints it waits for the next poll. The
 * consumer here polls every 30 s, so a delivery within seconds can only come from the hint; the
 * control turns hints off on the consumer and sees the message wait in its queue.
 */
import { queueName } from '@b2b/shared/catalogue';
import { createDocStoreEventBus, type EventEnvelope } from '@b2b/shared/events';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAKE_COLLECTION } from '../src/events/docstore-wake.ts';
import { spawnChild } from './events-support/child.ts';
import { startTestDatabase, type TestDatabase, until } from './events-support/harness.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const slowPolls = { minPollMs: 30_000, maxPollMs: 30_000, hotWindowMs: 0 };

/** A consumer of `notification` that has recorded itself (when hints are on) and made its first poll. */
async function sleepingConsumer(db: Db, crossProcessWake: boolean) {
  const bus = createDocStoreEventBus({ db, ...slowPolls, crossProcessWake });
  const received: { event: EventEnvelope; at: number }[] = [];
  const consumer = bus.consume('notification', {
    'user.registered': async (event) => {
      received.push({ event, at: Date.now() });
    },
  });
  const key = `${db.databaseName}/notification`;
  const recorded = async () => (await db.collection(WAKE_COLLECTION).countDocuments({ keys: key })) > 0;
  if (crossProcessWake) await until(recorded, 'the wake record');
  // The queue's indexes are created just before the first poll; the child needs far longer to start.
  await until(
    async () =>
      (
        await db
          .collection(queueName('notification'))
          .indexes()
          .catch(() => [])
      ).length > 1,
    'the first poll',
  );
  return { bus, consumer, received, recorded };
}

describe('document-store bus wake hints across processes', () => {
  it('a message another process queues wakes the consumer at once, not at its next poll', async () => {
    const db = database.freshDb();
    const { consumer, received, bus } = await sleepingConsumer(db, true);
    const publisher = spawnChild('child-publisher.ts', {
      TEST_MONGODB_URI: database.uri,
      TEST_DB_NAME: db.databaseName,
    });
    try {
      const { published } = await publisher.firstMessage;
      const publishedAt = Date.now();
      await until(() => received.length === 1, 'the woken delivery', 5_000);
      expect(received[0]?.event.id).toBe(published);
      // The poll would have come after 30 s.
      expect(received[0]!.at - publishedAt).toBeLessThan(5_000);
    } finally {
      await publisher.kill9();
      await consumer.stop();
      await bus.close();
    }
  });

  it('control: with hints off the message waits in the queue for the next poll', async () => {
    const db = database.freshDb();
    const { consumer, received, bus, recorded } = await sleepingConsumer(db, false);
    const publisher = spawnChild('child-publisher.ts', {
      TEST_MONGODB_URI: database.uri,
      TEST_DB_NAME: db.databaseName,
    });
    try {
      const { published } = await publisher.firstMessage;
      expect(await recorded()).toBe(false);
      const queued = await db.collection(queueName('notification')).findOne({ _id: published as never });
      expect(queued).not.toBeNull();
      const end = Date.now() + 3_000;
      await until(() => Date.now() >= end, 'three seconds', 5_000);
      expect(received).toEqual([]);
    } finally {
      await publisher.kill9();
      await consumer.stop();
      await bus.close();
    }
  });

  it('a stopped consumer takes its record away (the last one of the process closes the socket)', async () => {
    const db = database.freshDb();
    const { consumer, bus, recorded } = await sleepingConsumer(db, true);
    expect(await recorded()).toBe(true);
    await consumer.stop();
    await until(async () => !(await recorded()), 'the record removed');
    await bus.close();
  });
});
