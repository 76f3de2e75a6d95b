import type { CollectionFeed } from '@b2b/shared/feeds';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ProductCatalog } from '../clients/product-catalog.ts';
import {
  type CategoryRefresh,
  registerCategoryReadiness,
  startCategoryRefresh,
} from '../domain/category-refresh.ts';
import { type IndexFollower, registerIndexReadiness, startIndexFollower } from '../domain/index-follower.ts';
import type { IndexStateContext } from '../domain/index-state.ts';
import { type StockSync, startStockSync } from '../domain/stock-sync.ts';
import type { SearchDocument, SearchEngine } from '../engine/port.ts';
import { JobLeaseRepository } from '../repositories/job-leases.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** This task's copy of the index: poll it now (tests, benches) or read its status. */
    searchIndex: IndexFollower;
    /** This task's category labels: re-read them now (tests) instead of at the next interval. */
    searchCategories: CategoryRefresh;
    /** The stock sync: run a pass now (tests) instead of at the next interval. */
    searchStock: StockSync;
  }
}

export interface SearchIndexPluginOptions {
  engine: SearchEngine;
  feed: CollectionFeed<SearchDocument>;
  indexState: IndexStateContext;
  catalog: ProductCatalog;
  indexPollMs: number | undefined;
  categoryRefreshMs: number;
  stockSyncMs: number;
}

/**
 * Application plugin: what keeps this task's engine current — the index feed follower, the
 * category refresh and the stock sync — with their readiness checks, decorators and shutdown.
 * Wrapped with fastify-plugin so the decorators reach the route folders and the tests.
 */
export const searchIndexPlugin = fp(
  async (app: FastifyInstance, opts: SearchIndexPluginOptions) => {
    const log = app.log.child({ component: 'search-index' });
    const db = opts.indexState.repos.indexedProducts.collection.db;
    await opts.feed.ensureIndex();
    app.readiness.register('database', async () => {
      await db.command({ ping: 1 });
    });
    // Every task reads the feed from the database it shares with the other tasks: no HTTP hop.
    const follower = startIndexFollower({
      source: opts.feed.source,
      engine: opts.engine,
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
    const stock = startStockSync(
      {
        repos: { indexedProducts: opts.indexState.repos.indexedProducts, leases: new JobLeaseRepository(db) },
        stock: opts.catalog,
        now: opts.indexState.now,
      },
      { intervalMs: opts.stockSyncMs, log },
    );
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
