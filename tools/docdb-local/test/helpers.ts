import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { type EmbeddedServer, type EmbeddedServerOptions, startEmbeddedServer } from '../src/index.ts';

export interface TestEnv {
  server: EmbeddedServer;
  client: MongoClient;
  db: Db;
}

/** Starts a server and a connected driver client for the suite; fields fill in before tests run. */
export function useServer(options: EmbeddedServerOptions = {}, dbName = 'test'): TestEnv {
  const env = {} as TestEnv;
  beforeAll(async () => {
    env.server = await startEmbeddedServer(options);
    env.client = new MongoClient(env.server.uri, { serverSelectionTimeoutMS: 5000 });
    await env.client.connect();
    env.db = env.client.db(dbName);
  });
  afterAll(async () => {
    await env.client?.close();
    await env.server?.close();
  });
  return env;
}

/** Polls until `check` returns true or the deadline passes (no fixed sleeps). */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A collection of test documents with arbitrary `_id` and field types. */
export function looseCollection(db: Db, name: string) {
  // biome-ignore lint/suspicious/noExplicitAny: tests use every BSON type, as _id too
  return db.collection<any>(name);
}
