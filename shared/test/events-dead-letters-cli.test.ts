import { startEmbeddedServer } from '@b2b/docdb-local';
import { createDocStoreEventBus, createEvent, EVENT_BUS_DB_NAME } from '@b2b/shared/events';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterCommand } from '../src/events/dead-letters-cli.ts';
import { until } from './events-support/harness.ts';

let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
let client: MongoClient;
beforeAll(async () => {
  server = await startEmbeddedServer();
  client = await MongoClient.connect(server.uri);
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await deadLetterCommand(args, { EVENT_BUS_MONGODB_URI: server.uri }, (l) => lines.push(l));
  return { code, lines };
}

describe('dead-letters CLI', () => {
  it('lists dead letters without their data unless asked, and redrives them', async () => {
    const bus = createDocStoreEventBus({ db: client.db(EVENT_BUS_DB_NAME), minPollMs: 10 });
    const event = createEvent(
      'user.password_reset_requested',
      {
        userId: 'u',
        email: 'e@x.io',
        name: 'n',
        resetToken: 'secret-reset-token',
        expiresAt: '2030-01-01T00:00:00Z',
      },
      { source: 'user' },
    );
    const consumer = bus.consume(
      'notification',
      {
        'user.password_reset_requested': async () => {
          throw new Error('smtp down');
        },
      },
      // One at a time: a handler outliving a tiny visibility timeout on a loaded machine would
      // otherwise be claimed again in parallel, and the receive count would pass 5.
      { visibilityTimeoutMs: 20, concurrency: 1 },
    );
    await bus.publish(event);
    await until(async () => (await bus.listDeadLetters('notification')).length === 1, 'dead letter');
    await consumer.stop();

    const listed = await run('list', 'notification');
    expect(listed.code).toBe(0);
    expect(listed.lines).toHaveLength(1);
    expect(JSON.parse(listed.lines[0] ?? '')).toMatchObject({
      id: event.id,
      receiveCount: 5,
      lastError: 'Error: smtp down',
    });
    expect(listed.lines[0]).not.toContain('secret-reset-token');
    expect((await run('list', 'notification', '--with-data')).lines[0]).toContain('secret-reset-token');

    expect(await run('redrive', 'notification', event.id)).toEqual({
      code: 0,
      lines: ['redrove 1 message(s) to notification'],
    });
    expect((await run('list', 'notification')).lines).toEqual([]);
    expect(await client.db(EVENT_BUS_DB_NAME).collection('notification-queue').countDocuments()).toBe(1);
  });

  it('explains its usage and refuses unknown consumers', async () => {
    expect((await run()).code).toBe(2);
    expect(await run('list', 'billing')).toMatchObject({
      code: 2,
      lines: [expect.stringContaining('unknown consumer')],
    });
    expect(await deadLetterCommand(['list', 'order'], {}, () => {})).toBe(2);
  });
});
