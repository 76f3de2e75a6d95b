/**
 * A feed owner for the feed tests: the embedded database, a `facts` collection and a service that
 * serves it as `GET /internal/feeds/facts`, listening on 127.0.0.1. `stop()` and `start()` take
 * the service down and up again on the same port (the database stays).
 */
import { randomUUID } from 'node:crypto';
import { type EmbeddedServer, startEmbeddedServer } from '@b2b/docdb-local';
import { createMongo, type Mongo } from '@b2b/shared/db';
import { type CollectionFeed, defineCollectionFeed, feedRoute } from '@b2b/shared/feeds';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { Collection } from 'mongodb';
import { type Static, Type } from 'typebox';

export const Fact = Type.Object({ value: Type.Integer() }, { additionalProperties: false });
export type Fact = Static<typeof Fact>;

export interface FactDoc {
  _id: string;
  value: number;
  removed?: boolean;
  updatedAt: Date;
  expiresAt?: Date;
}

export interface FeedOwner {
  url: string;
  facts: Collection<FactDoc>;
  feed: CollectionFeed<Fact>;
  /** Query strings of every page request served. */
  requests: string[];
  write(id: string, value: number, at?: Date, extra?: Partial<FactDoc>): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startFeedOwner(
  options: { pageSize?: number; overlapMs?: number; expiring?: boolean; now?: () => number } = {},
): Promise<FeedOwner> {
  const server: EmbeddedServer = await startEmbeddedServer();
  const mongo: Mongo = createMongo({
    uri: server.uri,
    dbName: `feeds_${randomUUID().slice(0, 8)}`,
    appName: 'feeds-test',
  });
  const facts = mongo.db.collection<FactDoc>('facts');
  const feed = defineCollectionFeed({
    name: 'facts',
    collection: facts,
    toEntry: (doc): Fact | null => (doc.removed ? null : { value: doc.value }),
    pageSize: options.pageSize ?? 100,
    ...(options.overlapMs === undefined ? {} : { overlapMs: options.overlapMs }),
    ...(options.expiring ? { expiresAtField: 'expiresAt' } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  await feed.ensureIndex();
  const requests: string[] = [];
  let port = 0;
  let app: ServiceApp | undefined;

  async function start(): Promise<void> {
    app = createService({ name: 'owner', logLevel: 'silent' });
    app.addHook('onRequest', async (request) => {
      requests.push(new URL(request.url, 'http://x').search);
    });
    await app.register(feedRoute(feed, Fact), { prefix: '/internal' });
    await app.listen({ port, host: '127.0.0.1' });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  }
  await start();

  return {
    url: `http://127.0.0.1:${port}`,
    facts,
    feed,
    requests,
    async write(id, value, at = new Date(), extra = {}) {
      await facts.updateOne({ _id: id }, { $set: { value, updatedAt: at, ...extra } }, { upsert: true });
    },
    async stop() {
      await app?.close();
      app = undefined;
    },
    start,
    async close() {
      await app?.close();
      await mongo.close();
      await server.close();
    },
  };
}

/** Polls `check` until it is true or the deadline passes. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
