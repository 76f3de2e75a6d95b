import { authPlugin, type TokenVerifier } from '@b2b/shared/auth';
import { defineCollectionFeed } from '@b2b/shared/feeds';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type { ProductCatalog } from './clients/product-catalog.ts';
import { createIndexStateContext } from './domain/index-state.ts';
import type { SearchContext } from './domain/search.ts';
import { MiniSearchEngine } from './engine/minisearch-engine.ts';
import type { SearchDocument, SearchEngine } from './engine/port.ts';
import { searchIndexPlugin } from './plugins/search-index.ts';
import type { IndexedProductRecord } from './repositories/indexed-products.ts';
import { internalRoutes } from './routes/internal.ts';
import { searchRoutes } from './routes/search.ts';

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

  // Application plugins (decorators that escape encapsulation), then route folders.
  await app.register(searchIndexPlugin, {
    engine,
    feed,
    indexState,
    catalog: deps.catalog,
    indexPollMs: deps.indexPollMs,
    categoryRefreshMs: deps.categoryRefreshMs ?? 30_000,
    stockSyncMs: deps.stockSyncMs ?? 60_000,
  });
  await app.register(authPlugin, { verifier: deps.verifier });
  const ctx: SearchContext = { engine, prices: deps.catalog, log: app.log.child({ component: 'search' }) };
  await app.register(searchRoutes, { prefix: '/search', ctx });
  await app.register(internalRoutes, {
    prefix: '/internal',
    feed,
    serviceCredential: deps.serviceCredential,
  });
  return app;
}
