/**
 * The search service on the embedded database, driven with inject(): a docstore event bus with the
 * real product-event consumers, a controllable product catalogue (prices, categories, outages) and
 * a token verifier that accepts `buyer.<companyId>` bearer tokens. A second app on the same
 * database is a second task of the service.
 */
import { randomUUID } from 'node:crypto';
import { startEmbeddedServer } from '@b2b/docdb-local';
import { type StockFeedEntry, stockFeedKey } from '@b2b/product/internal-api';
import type { TokenVerifier } from '@b2b/shared/auth';
import type { MoneyJson } from '@b2b/shared/catalogue';
import { createMongo, type Mongo } from '@b2b/shared/db';
import { createDocStoreEventBus, createEvent, type EventBus, startEventConsumers } from '@b2b/shared/events';
import type { FeedSource } from '@b2b/shared/feeds';
import type { ServiceApp } from '@b2b/shared/http';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { ProductCatalog } from '../../src/clients/product-catalog.ts';
import { createIndexStateContext, type ProductSnapshot } from '../../src/domain/index-state.ts';
import type { Availability, CategoryLabel } from '../../src/engine/port.ts';
import { productEventHandlers } from '../../src/events/product-events.ts';

export { productSnapshot } from './products.ts';

export interface TestServer {
  uri: string;
  close(): Promise<void>;
}

export const startTestServer = (): Promise<TestServer> => startEmbeddedServer();

/** A product catalogue the test steers: company prices per sku, categories, and an outage switch. */
export class FakeCatalog implements ProductCatalog {
  companyPrices = new Map<string, Map<string, MoneyJson>>();
  categoryList: CategoryLabel[] = [];
  down = false;
  quoteCalls = 0;

  async quote(companyId: string, items: { sku: string; quantity: number }[]) {
    this.quoteCalls++;
    if (this.down) throw new Error('product service unavailable');
    const prices = this.companyPrices.get(companyId) ?? new Map();
    return new Map(items.flatMap((i) => (prices.has(i.sku) ? [[i.sku, prices.get(i.sku)!] as const] : [])));
  }

  async categories() {
    if (this.down) throw new Error('product service unavailable');
    return this.categoryList;
  }
}

/**
 * The product service's stock feed as the test steers it: `set(sku, status)` is a stock write,
 * served to every task's reader after its watermark (a sequence number here).
 */
export class FakeStockFeed {
  readonly #entries = new Map<string, { seq: number; entry: StockFeedEntry }>();
  #seq = 0;
  down = false;

  set(sku: string, status: Availability, available = status === 'out_of_stock' ? 0 : 10): void {
    this.#entries.set(stockFeedKey(sku), { seq: ++this.#seq, entry: { sku, available, status } });
  }

  readonly source: FeedSource = async (after) => {
    if (this.down) throw new Error('product service unavailable');
    const from = after === undefined ? 0 : Number(after);
    const items = [...this.#entries]
      .filter(([, v]) => v.seq > from)
      .sort(([, a], [, b]) => a.seq - b.seq)
      .map(([key, v]) => ({ key, entry: v.entry }));
    return { items, watermark: String(this.#seq), hasMore: false };
  };
}

/** Accepts `buyer.<companyId>`; anything else is an invalid token (served anonymously, as by the real verifier). */
export const testVerifier: TokenVerifier = {
  async verify(token: string) {
    const match = /^buyer\.(.+)$/.exec(token);
    if (!match) throw new Error('invalid token');
    return {
      id: `user-of-${match[1]}`,
      companyId: match[1]!,
      companyRole: 'buyer',
      roles: [],
      jti: randomUUID(),
      exp: Math.floor(Date.now() / 1000) + 900,
    };
  },
};

export interface SearchTask {
  app: ServiceApp;
  call(url: string, opts?: { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface SearchStack {
  mongo: Mongo;
  bus: EventBus;
  catalog: FakeCatalog;
  /** The product service's stock feed, read by every task. */
  stock: FakeStockFeed;
  /** The task that consumes events (an SQS queue gives each event to one task). */
  task: SearchTask;
  /** Another task of the service on the same database: consumes nothing, reads the feed. */
  startTask(options?: { priceReuseMs?: number }): Promise<SearchTask>;
  /** Publishes a product event as the product service would. */
  publish(
    type: 'product.created' | 'product.updated' | 'product.archived',
    product: ProductSnapshot,
  ): Promise<void>;
  close(): Promise<void>;
}

export async function startSearchStack(server: TestServer): Promise<SearchStack> {
  const mongo = createMongo({
    uri: server.uri,
    dbName: `search_${randomUUID().slice(0, 8)}`,
    appName: 'search-test',
  });
  const busDb = mongo.client.db(`eventbus_${randomUUID().slice(0, 8)}`);
  const bus = createDocStoreEventBus({ db: busDb, minPollMs: 20, maxPollMs: 100 });
  const catalog = new FakeCatalog();
  const stock = new FakeStockFeed();
  const tasks: SearchTask[] = [];

  async function startTask(
    options: { consumeEvents?: boolean; priceReuseMs?: number } = {},
  ): Promise<SearchTask> {
    const app = await buildApp({
      db: mongo.db,
      verifier: testVerifier,
      catalog,
      stockFeed: { source: stock.source },
      serviceCredential: 'test-service-credential-0123456789abcdef',
      indexPollMs: 100,
      stockPollMs: 100,
      categoryRefreshMs: 60_000,
      // Tests steer prices and expect each search to ask: reuse only where a test asks for it.
      priceReuseMs: options.priceReuseMs ?? 0,
      logLevel: 'silent',
    });
    if (options.consumeEvents) {
      // Before ready(): the consumer adds its readiness check and close hook to the app.
      await startEventConsumers(app, {
        consumer: 'search',
        bus,
        db: mongo.db,
        handlers: productEventHandlers(createIndexStateContext(mongo.db)),
      });
    }
    await app.ready();
    const task: SearchTask = {
      app,
      call: (url, opts = {}) =>
        app.inject({
          method: 'GET',
          url,
          headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
        }),
      close: () => app.close(),
    };
    tasks.push(task);
    return task;
  }

  const task = await startTask({ consumeEvents: true });

  return {
    mongo,
    bus,
    catalog,
    stock,
    task,
    startTask,
    async publish(type, product) {
      await bus.publish(createEvent(type, product, { source: 'product' }));
    },
    async close() {
      for (const t of tasks.reverse()) await t.close();
      await bus.close();
      await mongo.close();
    },
  };
}
