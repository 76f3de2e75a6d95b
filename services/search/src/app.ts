import { authPlugin, type TokenVerifier } from '@b2b/shared/auth';
import { defineCollectionFeed, type FeedSource } from '@b2b/shared/feeds';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type { ProductCatalog } from './clients/product-catalog.ts';
import { createIndexStateContext } from './domain/index-state.ts';
import { reusedQuotes, type SearchContext } from './domain/search.ts';
import { MiniSearchEngine } from './engine/minisearch-engine.ts';
import type { SearchEngine } from './engine/port.ts';
import { searchIndexPlugin } from './plugins/search-index.ts';
import type { IndexedProductRecord } from './repositories/indexed-products.ts';
import { internalRoutes } from './routes/internal.ts';
import { searchRoutes } from './routes/search.ts';
import type { IndexedDocument } from './schemas/index-feed.ts';

export const SEARCH_INDEX_FEED = 'search-index';

export interface SearchServiceDeps {
  db: Db;
  /** Verifies the user service's access tokens: a signed-in buyer sees the company's prices. */
  verifier: TokenVerifier;
  /** Company prices and categories from the product service. */
  catalog: ProductCatalog;
  /**
   * The product service's stock feed (`GET /internal/feeds/stock`): its base URL and the
   * credential headers, or a source of pages (tests).
   */
  stockFeed: { url: string; headers: () => Record<string, string> } | { source: FeedSource };
  /** How often every task polls the stock feed (default 1 s): the bound on a stock change showing. */
  stockPollMs?: number;
  /** The platform credential `/internal/*` demands; without it every internal call is refused. */
  serviceCredential: string | undefined;
  /** Defaults to a new in-memory MiniSearch engine. */
  engine?: SearchEngine;
  indexPollMs?: number;
  categoryRefreshMs?: number;
  /** How long a company's quote for a page of results is reused (reusedQuotes); 0: never. Default 2 s. */
  priceReuseMs?: number;
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
  const feed = defineCollectionFeed<IndexedProductRecord, IndexedDocument>({
    name: SEARCH_INDEX_FEED,
    collection: indexState.repos.indexedProducts.collection,
    // A null doc (draft, archived) is the feed's removal of the key. Records written while stock
    // was stored in the index state carry a status: left out, the stock feed says it now.
    toEntry: (record) => (record.doc ? withoutStoredStatus(record.doc) : null),
  });

  // Application plugins (decorators that escape encapsulation), then route folders.
  await app.register(searchIndexPlugin, {
    engine,
    feed,
    indexState,
    catalog: deps.catalog,
    stockFeed: deps.stockFeed,
    indexPollMs: deps.indexPollMs,
    stockPollMs: deps.stockPollMs,
    categoryRefreshMs: deps.categoryRefreshMs ?? 30_000,
  });
  await app.register(authPlugin, { verifier: deps.verifier });
  const ctx: SearchContext = {
    engine,
    prices: reusedQuotes(deps.catalog, deps.priceReuseMs ?? 2_000),
    log: app.log.child({ component: 'search' }),
  };
  await app.register(searchRoutes, { prefix: '/search', ctx });
  await app.register(internalRoutes, {
    prefix: '/internal',
    feed,
    serviceCredential: deps.serviceCredential,
  });
  return app;
}

function withoutStoredStatus(doc: IndexedDocument & { availability?: unknown }): IndexedDocument {
  const { availability: _stored, ...rest } = doc;
  return rest;
}
