import { authPlugin, type TokenVerifier } from '@b2b/shared/auth';
import { defineCollectionFeed, feedRoute } from '@b2b/shared/feeds';
import { createService, type ServiceApp } from '@b2b/shared/http';
import { serviceCallersOnly } from '@b2b/shared/internal';
import type { FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type { ProductCatalog } from './clients/product-catalog.ts';
import {
  type CategoryRefresh,
  registerCategoryReadiness,
  startCategoryRefresh,
} from './domain/category-refresh.ts';
import { type IndexFollower, registerIndexReadiness, startIndexFollower } from './domain/index-follower.ts';
import { createIndexStateContext } from './domain/index-state.ts';
import type { SearchContext } from './domain/search.ts';
import { type StockSync, startStockSync } from './domain/stock-sync.ts';
import { MiniSearchEngine } from './engine/minisearch-engine.ts';
import type { SearchDocument, SearchEngine } from './engine/port.ts';
import type { IndexedProductRecord } from './repositories/indexed-products.ts';
import { JobLeaseRepository } from './repositories/job-leases.ts';
import { searchRoutes } from './routes/search.ts';
import { SearchDocumentEntry } from './schemas/index-feed.ts';

export const SEARCH_INDEX_FEED = 'search-index';

export interface SearchServiceDeps {
  db: Db;
  /** Verifies the user service's access tokens: a signed-in buyer sees the company's prices. */
  verifier: TokenVerifier;
  /** Company prices and categories from the product service. */
  catalog: ProductCatalog;
  /** The platform credential `/internal/*` demands; without it every internal call is refused. */
  serviceCredential: string | undefined;
  /** Defaults to a new in-memory MiniSearch engine. */
  engine?: SearchEngine;
  indexPollMs?: number;
  categoryRefreshMs?: number;
  /** Stock status re-read interval (one task at a time); 0 turns the timer off (tests run it by hand). */
  stockSyncMs?: number;
  now?: () => Date;
  logLevel?: string;
  logStream?: DestinationStream;
}

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

/** The search service: an in-memory index per task, kept equal across tasks by the index feed. */
export async function buildApp(deps: SearchServiceDeps): Promise<ServiceApp> {
  const app = createService({
    name: 'search',
    logLevel: deps.logLevel,
    logStream: deps.logStream,
    openapi: {
      title: 'Search service',
      version: '1.0.0',
      description: 'Product search: full text, facets, suggestions',
    },
  });
  const engine = deps.engine ?? new MiniSearchEngine();
  const indexState = createIndexStateContext(deps.db, deps.now);
  const feed = defineCollectionFeed<IndexedProductRecord, SearchDocument>({
    name: SEARCH_INDEX_FEED,
    collection: indexState.repos.indexedProducts.collection,
    // A null doc (draft, archived) is the feed's removal of the key.
    toEntry: (record) => record.doc,
  });
  await feed.ensureIndex();
  app.readiness.register('database', async () => {
    await deps.db.command({ ping: 1 });
  });

  const log = app.log.child({ component: 'search' });
  // Every task reads the feed from the database it shares with the other tasks: no HTTP hop.
  const follower = startIndexFollower({ source: feed.source, engine, intervalMs: deps.indexPollMs, log });
  registerIndexReadiness(app.readiness, follower);
  const categories = startCategoryRefresh({
    load: () => deps.catalog.categories(),
    engine,
    intervalMs: deps.categoryRefreshMs ?? 30_000,
    log,
  });
  registerCategoryReadiness(app.readiness, categories);
  const stock = startStockSync(
    {
      repos: { indexedProducts: indexState.repos.indexedProducts, leases: new JobLeaseRepository(deps.db) },
      stock: deps.catalog,
      now: indexState.now,
    },
    { intervalMs: deps.stockSyncMs ?? 60_000, log },
  );
  app.decorate('searchIndex', follower);
  app.decorate('searchCategories', categories);
  app.decorate('searchStock', stock);
  app.addHook('onClose', async () => {
    follower.stop();
    categories.stop();
    stock.stop();
  });

  const ctx: SearchContext = { engine, prices: deps.catalog, log };
  await app.register(authPlugin, { verifier: deps.verifier });
  await app.register(searchRoutes, {
    prefix: '/search',
    ctx,
    companyOf: (request) => (request as FastifyRequest).auth?.companyId ?? undefined,
  });
  await app.register(
    async (internal) => {
      await internal.register(serviceCallersOnly, { credential: deps.serviceCredential });
      await internal.register(feedRoute(feed, SearchDocumentEntry));
    },
    { prefix: '/internal' },
  );
  return app;
}
