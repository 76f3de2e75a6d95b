import { authPlugin, type TokenVerifier } from '@b2b/shared/auth';
import {
  createService,
  ensureIdempotencyIndexes,
  idempotencyCollection,
  idempotencyPlugin,
  type ServiceApp,
} from '@b2b/shared/http';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type { OrderContext, OrderLog, OrderRules, RunInTransaction } from './domain/context.ts';
import type { SnapshotSource } from './domain/projections.ts';
import type { PriceQuoter } from './pricing/price-quoter.ts';
import { CartRepository } from './repositories/carts.ts';
import { CompanyProjectionRepository } from './repositories/company-projections.ts';
import { CompanySettingsRepository } from './repositories/company-settings.ts';
import { MemberLockRepository } from './repositories/member-locks.ts';
import { MemberProjectionRepository } from './repositories/member-projections.ts';
import { OrderNumberRepository } from './repositories/order-numbers.ts';
import { OrderRepository } from './repositories/orders.ts';
import { QuoteRepository } from './repositories/quotes.ts';
import { ShoppingListRepository } from './repositories/shopping-lists.ts';
import { adminRoutes } from './routes/admin.ts';
import { adminQuoteRoutes } from './routes/admin-quotes.ts';
import { buyingSettingsRoutes } from './routes/buying-settings.ts';
import { cartRoutes } from './routes/cart.ts';
import { orderRoutes } from './routes/orders.ts';
import { quoteRoutes } from './routes/quotes.ts';
import { shoppingListRoutes } from './routes/shopping-lists.ts';

export interface OrderServiceDeps {
  db: Db;
  /** Writes state and its events together (the outbox); see events/outbox-transaction.ts. */
  transaction: RunInTransaction;
  /** Access tokens of the user service (main.ts: JWKS + revocation feed). */
  verifier: TokenVerifier;
  /** The product service's price quotes (main.ts: the typed internal client with a short cache). */
  prices: PriceQuoter;
  /** The user service's snapshots for a buyer or company not projected yet (main.ts: internal client). */
  snapshots?: SnapshotSource;
  rules: OrderRules;
  now?: () => Date;
  logLevel?: string;
  logStream?: DestinationStream;
}

export interface OrderService {
  app: ServiceApp;
  /** For main.ts (event handlers, the stale-order job) and tests. */
  ctx: OrderContext;
}

/**
 * The use cases' context on a database: repositories, prices, rules, clock, outbox transaction.
 * buildApp serves it over HTTP; the demo seed (seed.ts) calls the same use cases with it.
 */
export function createOrderContext(
  deps: Pick<OrderServiceDeps, 'db' | 'transaction' | 'prices' | 'snapshots' | 'rules' | 'now'>,
  log: OrderLog,
): OrderContext {
  return {
    repos: {
      carts: new CartRepository(deps.db),
      orders: new OrderRepository(deps.db),
      orderNumbers: new OrderNumberRepository(deps.db),
      companies: new CompanyProjectionRepository(deps.db),
      members: new MemberProjectionRepository(deps.db),
      companySettings: new CompanySettingsRepository(deps.db),
      memberLocks: new MemberLockRepository(deps.db),
      shoppingLists: new ShoppingListRepository(deps.db),
      quotes: new QuoteRepository(deps.db),
    },
    prices: deps.prices,
    ...(deps.snapshots ? { snapshots: deps.snapshots } : {}),
    rules: deps.rules,
    now: deps.now ?? (() => new Date()),
    transaction: deps.transaction,
    log,
  };
}

/** The order service: carts, checkout, approvals, the order saga, sales analytics. */
export async function buildApp(deps: OrderServiceDeps): Promise<OrderService> {
  const app = createService({
    name: 'order',
    logLevel: deps.logLevel,
    logStream: deps.logStream,
    openapi: {
      title: 'Order service',
      version: '1.0.0',
      description: 'Carts, quick order, checkout, approvals, the order saga and sales analytics',
    },
  });
  const ctx = createOrderContext(deps, app.log.child({ component: 'orders' }));
  await Promise.all(Object.values(ctx.repos).map((repo) => repo.ensureIndexes()));
  app.readiness.register('database', async () => {
    await deps.db.command({ ping: 1 });
  });

  await app.register(authPlugin, { verifier: deps.verifier });
  // Checkout accepts Idempotency-Key (api.md): a retried POST /orders never orders twice.
  const idempotency = idempotencyCollection(deps.db);
  await ensureIdempotencyIndexes(idempotency);
  await app.register(idempotencyPlugin, { collection: idempotency });
  await app.register(cartRoutes, { prefix: '/cart', ctx });
  await app.register(orderRoutes, { prefix: '/orders', ctx });
  await app.register(adminRoutes, { prefix: '/admin', ctx });
  // B2B buying tools (api.md): approval rules, cost centers, budgets, shopping lists, quotes.
  await app.register(buyingSettingsRoutes, { ctx });
  await app.register(shoppingListRoutes, { prefix: '/shopping-lists', ctx });
  await app.register(quoteRoutes, { prefix: '/quotes', ctx });
  await app.register(adminQuoteRoutes, { prefix: '/admin/quotes', ctx });
  return { app, ctx };
}
