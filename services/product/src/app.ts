import { authPlugin, type TokenVerifier } from '@b2b/shared/auth';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type { CatalogContext, RunInTransaction } from './domain/context.ts';
import { defineStockFeed } from './feeds/stock-feed.ts';
import type { ImageStore } from './images/image-store.ts';
import { catalogPlugin } from './plugins/catalog.ts';
import { CategoryRepository } from './repositories/categories.ts';
import { CompanyProjectionRepository } from './repositories/company-prices.ts';
import { InventoryRepository } from './repositories/inventory.ts';
import { PriceListRepository } from './repositories/price-lists.ts';
import { ProductRepository } from './repositories/products.ts';
import { ReservationRepository } from './repositories/reservations.ts';
import { adminCategoryRoutes } from './routes/admin-categories.ts';
import { adminInventoryRoutes } from './routes/admin-inventory.ts';
import { adminPriceListRoutes } from './routes/admin-price-lists.ts';
import { adminProductImageRoutes } from './routes/admin-product-images.ts';
import { adminProductRoutes } from './routes/admin-products.ts';
import { CatalogAnswers, DEFAULT_ANSWER_TTL_MS } from './routes/catalog-answers.ts';
import { categoryRoutes } from './routes/categories.ts';
import { internalRoutes } from './routes/internal.ts';
import { mediaRoutes } from './routes/media.ts';
import { productRoutes } from './routes/products.ts';

export interface ProductServiceDeps {
  db: Db;
  /** Writes state and its events together (the outbox); see events/outbox-transaction.ts. */
  transaction: RunInTransaction;
  /** Verifies the user service's access tokens (JWKS + revocation list in main.ts). */
  verifier: TokenVerifier;
  images: ImageStore;
  now?: () => Date;
  /** How long an unconfirmed reservation holds stock; default 30 minutes. */
  reservationTtlMs?: number;
  /** How often expired reservations are released; 0 turns the job off (tests run it by hand). Default 60 s. */
  expiryIntervalMs?: number;
  /** The platform service credential /internal/* demands; undefined refuses every internal caller. */
  serviceCredential: string | undefined;
  logLevel?: string;
  logStream?: DestinationStream;
  /** How long buyers' catalog answers are reused (routes/catalog-answers.ts); 0 turns it off. Default 2 s. */
  catalogAnswerTtlMs?: number;
}

export const DEFAULT_RESERVATION_TTL_MS = 30 * 60_000;

/** Builds the use-case context from the deps (also used by the event consumers in main.ts). */
export function createCatalogContext(
  deps: Pick<ProductServiceDeps, 'db' | 'transaction' | 'images' | 'now' | 'reservationTtlMs'>,
  log: CatalogContext['log'],
): CatalogContext {
  return {
    repos: {
      products: new ProductRepository(deps.db),
      categories: new CategoryRepository(deps.db),
      priceLists: new PriceListRepository(deps.db),
      companies: new CompanyProjectionRepository(deps.db),
      inventory: new InventoryRepository(deps.db),
      reservations: new ReservationRepository(deps.db),
    },
    images: deps.images,
    now: deps.now ?? (() => new Date()),
    transaction: deps.transaction,
    reservationTtlMs: deps.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS,
    log,
  };
}

/** The product service: catalog, categories, price lists, inventory and reservations, images. */
export async function buildApp(deps: ProductServiceDeps): Promise<ServiceApp> {
  const app = createService({
    name: 'product',
    logLevel: deps.logLevel,
    logStream: deps.logStream,
    openapi: {
      title: 'Product service',
      version: '1.0.0',
      description: 'Products, categories, price lists and tiers, inventory and reservations, images',
    },
  });
  const ctx = createCatalogContext(deps, app.log.child({ component: 'catalog' }));

  const stockFeed = defineStockFeed(ctx.repos.inventory);
  await app.register(catalogPlugin, {
    ctx,
    feeds: [stockFeed],
    expiryIntervalMs: deps.expiryIntervalMs ?? 60_000,
  });
  await app.register(authPlugin, { verifier: deps.verifier });
  const answers = new CatalogAnswers(deps.catalogAnswerTtlMs ?? DEFAULT_ANSWER_TTL_MS);
  answers.clearAroundWrites(app);
  await app.register(productRoutes, { prefix: '/products', ctx, answers });
  await app.register(categoryRoutes, { prefix: '/categories', ctx });
  await app.register(adminProductRoutes, { prefix: '/admin/products', ctx });
  await app.register(adminProductImageRoutes, { prefix: '/admin/products', ctx });
  await app.register(adminCategoryRoutes, { prefix: '/admin/categories', ctx });
  await app.register(adminInventoryRoutes, { prefix: '/admin/inventory', ctx });
  await app.register(adminPriceListRoutes, { prefix: '/admin/price-lists', ctx });
  await app.register(mediaRoutes, { prefix: '/media', ctx });
  await app.register(internalRoutes, {
    prefix: '/internal',
    ctx,
    stockFeed,
    serviceCredential: deps.serviceCredential,
  });
  return app;
}
