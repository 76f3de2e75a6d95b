import { STOCK_FEED, StockFeedEntry, stockFeedKey } from '@b2b/product/internal-api';
import { errorMessage } from '@b2b/shared/errors';
import {
  type CollectionFeed,
  type FeedReader,
  type FeedSource,
  registerFeedReadiness,
  startFeedReader,
} from '@b2b/shared/feeds';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ProductCatalog } from '../clients/product-catalog.ts';
import { AvailabilityJoin } from '../domain/availability.ts';
import {
  type CategoryRefresh,
  registerCategoryReadiness,
  startCategoryRefresh,
} from '../domain/category-refresh.ts';
import { type IndexFollower, registerIndexReadiness, startIndexFollower } from '../domain/index-follower.ts';
import type { IndexStateContext } from '../domain/index-state.ts';
import type { SearchEngine } from '../engine/port.ts';
import type { IndexedDocument } from '../schemas/index-feed.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This task's copy of the index: poll it now (tests, benches) or read its status. */
    searchIndex: IndexFollower;
    /** This task's category labels: re-read them now (tests) instead of at the next interval. */
    searchCategories: CategoryRefresh;
    /** This task's copy of the product service's stock feed: poll it now (tests) or read its status. */
    searchStock: FeedReader<StockFeedEntry>;
  }
}

export interface SearchIndexPluginOptions {
  engine: SearchEngine;
  feed: CollectionFeed<IndexedDocument>;
  indexState: IndexStateContext;
  catalog: ProductCatalog;
  stockFeed: { url: string; headers: () => Record<string, string> } | { source: FeedSource };
  indexPollMs: number | undefined;
  stockPollMs: number | undefined;
  categoryRefreshMs: number;
}

/**
 * Application plugin: what keeps this task's engine current — the index feed follower, the stock
 * feed reader joined to it, and the category refresh — with their readiness checks, decorators
 * and shutdown. Wrapped with fastify-plugin so the decorators reach the route folders and the tests.
 */
export const searchIndexPlugin = fp(
  async (app: FastifyInstance, opts: SearchIndexPluginOptions) => {
    const log = app.log.child({ component: 'search-index' });
    const db = opts.indexState.repos.indexedProducts.collection.db;
    await opts.feed.ensureIndex();
    app.readiness.register('database', async () => {
      await db.command({ ping: 1 });
    });
    const availability = new AvailabilityJoin(opts.engine, stockFeedKey);
    // Every task follows the product service's stock feed itself: a status change reaches its
    // products in the engine with the next poll. Ready once caught up (feed-stock readiness).
    const stock = startFeedReader({
      name: STOCK_FEED,
      entrySchema: StockFeedEntry,
      ...opts.stockFeed,
      intervalMs: opts.stockPollMs,
      log,
      onChange: (key, entry) => {
        availability.stockChanged(key, entry?.status ?? null).catch((err: unknown) => {
          log.warn({ err: errorMessage(err), key }, 'stock status not applied');
        });
      },
    });
    registerFeedReadiness(app.readiness, stock);
    // Every task reads the index feed from the database it shares with the other tasks: no HTTP hop.
    const follower = startIndexFollower({
      source: opts.feed.source,
      engine: opts.engine,
      availability,
      intervalMs: opts.indexPollMs,
      log,
    });
    registerIndexReadiness(app.readiness, follower);
    const categories = startCategoryRefresh({
      load: () => opts.catalog.categories(),
      engine: opts.engine,
      intervalMs: opts.categoryRefreshMs,
      log,
    });
    registerCategoryReadiness(app.readiness, categories);
    app.decorate('searchIndex', follower);
    app.decorate('searchCategories', categories);
    app.decorate('searchStock', stock);
    app.addHook('onClose', async () => {
      follower.stop();
      categories.stop();
      stock.stop();
    });
  },
  { name: 'search-index' },
);
