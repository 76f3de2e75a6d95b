/** Test helpers for the bus, outbox and idempotency tests: an embedded server and polling. */
import { randomUUID } from 'node:crypto';
import { startEmbeddedServer } from '@b2b/docdb-local';
import { type Db, MongoClient } from 'mongodb';

export interface TestDatabase {
  uri: string;
  client: MongoClient;
  /** A fresh database per call, so tests do not see each other's queues. */
  freshDb(prefix?: string): Db;
  close(): Promise<void>;
}

export async function startTestDatabase(opts: { dataDir?: string } = {}): Promise<TestDatabase> {
  const server = await startEmbeddedServer(opts.dataDir ? { dataDir: opts.dataDir } : {});
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  return {
    uri: server.uri,
    client,
    freshDb: (prefix = 'eventbus') => client.db(`${prefix}_${randomUUID().slice(0, 8)}`),
    async close() {
      await client.close();
      await server.close();
    },
  };
}

/** Polls `check` until it holds, or fails after the deadline with `what` in the message. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs = 10_000,
): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
