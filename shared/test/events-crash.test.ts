import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocStoreEventBus, type EventEnvelope } from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnChild } from './events-support/child.ts';
import { startTestDatabase, type TestDatabase, until } from './events-support/harness.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('document-store bus across processes and crashes', () => {
  it('delivers a message published by a process that was then killed with SIGKILL', async () => {
    const db = database.freshDb();
    const publisher = spawnChild('child-publisher.ts', {
      TEST_MONGODB_URI: database.uri,
      TEST_DB_NAME: db.databaseName,
    });
    const { published } = await publisher.firstMessage;
    await publisher.kill9();
    expect(publisher.process.signalCode).toBe('SIGKILL');

    const bus = createDocStoreEventBus({ db });
    const received: EventEnvelope[] = [];
    const consumer = bus.consume('notification', {
      'user.registered': async (e) => {
        received.push(e);
      },
    });
    await until(() => received.length === 1, 'delivery after the publisher died');
    await consumer.stop();
    expect(received[0]?.id).toBe(published);
    expect(received[0]?.data).toMatchObject({ userId: 'u-crash' });
  });

  it('redelivers a message whose consumer was killed with SIGKILL mid-handler', async () => {
    const db = database.freshDb();
    const bus = createDocStoreEventBus({ db });
    const publisher = spawnChild('child-publisher.ts', {
      TEST_MONGODB_URI: database.uri,
      TEST_DB_NAME: db.databaseName,
    });
    const { published } = await publisher.firstMessage;
    await publisher.kill9();

    const doomed = spawnChild('child-consumer.ts', {
      TEST_MONGODB_URI: database.uri,
      TEST_DB_NAME: db.databaseName,
      TEST_VISIBILITY_MS: '500',
    });
    expect(await doomed.firstMessage).toEqual({ handling: published });
    await doomed.kill9();

    const received: string[] = [];
    const consumer = bus.consume('notification', {
      'user.registered': async (e) => {
        received.push(e.id);
      },
    });
    await until(() => received.length === 1, 'redelivery after the visibility timeout');
    await consumer.stop();
    expect(received).toEqual([published]);
  });

  it('keeps an unconsumed message across a restart of the database server (data directory)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'eventbus-'));
    try {
      const first = await startTestDatabase({ dataDir });
      const dbName = first.freshDb().databaseName;
      const publisher = spawnChild('child-publisher.ts', {
        TEST_MONGODB_URI: first.uri,
        TEST_DB_NAME: dbName,
      });
      const { published } = await publisher.firstMessage;
      await publisher.kill9();
      await first.close();

      const second = await startTestDatabase({ dataDir });
      try {
        const bus = createDocStoreEventBus({ db: second.client.db(dbName) });
        const received: string[] = [];
        const consumer = bus.consume('notification', {
          'user.registered': async (e) => {
            received.push(e.id);
          },
        });
        await until(() => received.length === 1, 'delivery after the restart');
        await consumer.stop();
        expect(received).toEqual([published]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
