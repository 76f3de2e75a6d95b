import { startEmbeddedServer } from '@b2b/docdb-local';
import { createEvent, createEventBus, EVENT_BUS_DB_NAME } from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit/poll';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
beforeAll(async () => {
  server = await startEmbeddedServer();
});
afterAll(async () => {
  await server?.close();
});

describe('createEventBus', () => {
  it('builds the document-store bus on the `eventbus` database of EVENT_BUS_MONGODB_URI', async () => {
    const bus = createEventBus({
      EVENT_BUS: 'docstore',
      EVENT_BUS_MONGODB_URI: server.uri,
      SERVICE_NAME: 'user',
    });
    expect(bus.kind).toBe('docstore');
    await expect(bus.isReady()).resolves.toBe(true);
    const event = createEvent(
      'user.registered',
      { userId: 'u', email: 'e@x.io', name: 'n', companyId: 'c', companyName: 'C' },
      { source: 'user' },
    );
    await bus.publish(event);
    await bus.close();
    const client = await MongoClient.connect(server.uri);
    try {
      const row = await client
        .db(EVENT_BUS_DB_NAME)
        .collection('notification-queue')
        .findOne({ _id: event.id as never });
      expect(row).toMatchObject({ type: 'user.registered', receiveCount: 0 });
    } finally {
      await client.close();
    }
  });

  it('falls back to MONGODB_URI for the document-store bus', () => {
    expect(createEventBus({ EVENT_BUS: 'docstore', MONGODB_URI: server.uri }).kind).toBe('docstore');
  });

  it('builds the SNS/SQS bus with the topic of each producer', () => {
    const bus = createEventBus({
      EVENT_BUS: 'sns-sqs',
      AWS_REGION: 'eu-west-1',
      EVENT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/order',
      eventTopicArns: { order: 'arn:aws:sns:eu-west-1:123456789012:order-events' },
    });
    expect(bus.kind).toBe('sns-sqs');
  });

  it('refuses a missing or unknown EVENT_BUS, and a docstore bus without a database', () => {
    expect(() => createEventBus({})).toThrow(/EVENT_BUS must be sns-sqs or docstore/);
    expect(() => createEventBus({ EVENT_BUS: 'kafka' as never })).toThrow(/EVENT_BUS/);
    expect(() => createEventBus({ EVENT_BUS: 'docstore' })).toThrow(/EVENT_BUS_MONGODB_URI or MONGODB_URI/);
  });

  it('EVENT_CONSUMER_CONCURRENCY bounds the handlers each consumer runs at once (default 4)', async () => {
    /** How many handlers of 8 queued events ran at once on a bus built from `extra`. */
    async function peak(extra: { EVENT_CONSUMER_CONCURRENCY?: number }, dbName: string): Promise<number> {
      const client = await MongoClient.connect(server.uri);
      const bus = createEventBus({ EVENT_BUS: 'docstore', ...extra }, { db: client.db(dbName) });
      let running = 0;
      let max = 0;
      let done = 0;
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      for (let i = 0; i < 8; i++) {
        await bus.publish(
          createEvent(
            'user.registered',
            { userId: `u${i}`, email: `e${i}@x.io`, name: 'n', companyId: 'c', companyName: 'C' },
            { source: 'user' },
          ),
        );
      }
      const expected = extra.EVENT_CONSUMER_CONCURRENCY ?? 4;
      const consumer = bus.consume('notification', {
        'user.registered': async () => {
          running++;
          max = Math.max(max, running);
          await gate;
          running--;
          done++;
        },
      });
      await pollUntil(() => running === expected || undefined, {
        timeoutMs: 10_000,
        message: 'handlers running',
      });
      release();
      await pollUntil(() => done === 8 || undefined, { timeoutMs: 10_000, message: 'all handled' });
      await consumer.stop();
      await bus.close();
      await client.close();
      return max;
    }
    expect(await peak({ EVENT_CONSUMER_CONCURRENCY: 2 }, 'concurrency_two')).toBe(2);
    expect(await peak({}, 'concurrency_default')).toBe(4);
  });
});
