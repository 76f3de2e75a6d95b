import type { EventPayloads } from '@b2b/shared/catalogue';
import type { EventsProducedBy } from '@b2b/shared/events';
import type { ClientSession } from 'mongodb';
import type { PriceQuoter } from '../pricing/price-quoter.ts';
import type { CartRepository } from '../repositories/carts.ts';
import type { CompanyProjectionRepository } from '../repositories/company-projections.ts';
import type { CompanySettingsRepository } from '../repositories/company-settings.ts';
import type { MemberLockRepository } from '../repositories/member-locks.ts';
import type { MemberProjectionRepository } from '../repositories/member-projections.ts';
import type { OrderNumberRepository } from '../repositories/order-numbers.ts';
import type { OrderRepository } from '../repositories/orders.ts';
import type { QuoteRepository } from '../repositories/quotes.ts';
import type { ShoppingListRepository } from '../repositories/shopping-lists.ts';
import type { SnapshotSource } from './projections.ts';
import type { PricingRules } from './totals.ts';

/** The events the order service publishes, from the catalogue. */
export type OrderEventType = EventsProducedBy<'order'>;

/**
 * A transaction whose staged events land in the outbox on commit. The use cases' transaction and
 * an event handler's (`HandlerTransaction<'order'>`) both have this shape, so the saga's state
 * machine is one set of functions whichever way it is driven.
 */
export interface Transaction {
  session: ClientSession;
  stage<K extends OrderEventType>(type: K, data: EventPayloads[K]): void;
}

export type RunInTransaction = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

export interface OrderRules extends PricingRules {
  /** How long an order may stay `pending` before the stale-order job cancels it. */
  pendingDeadlineMs: number;
}

export interface Repositories {
  carts: CartRepository;
  orders: OrderRepository;
  orderNumbers: OrderNumberRepository;
  companies: CompanyProjectionRepository;
  members: MemberProjectionRepository;
  companySettings: CompanySettingsRepository;
  memberLocks: MemberLockRepository;
  shoppingLists: ShoppingListRepository;
  quotes: QuoteRepository;
}

export interface OrderLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Everything the use cases need, built once by buildApp. */
export interface OrderContext {
  repos: Repositories;
  prices: PriceQuoter;
  /**
   * The user service's current snapshots, for a member or company this service has not heard of
   * yet (projections.ts); absent: projections only.
   */
  snapshots?: SnapshotSource;
  rules: OrderRules;
  now: () => Date;
  transaction: RunInTransaction;
  log: OrderLog;
}

/** Who is calling, from the access token. */
export interface Caller {
  userId: string;
  companyId: string;
  companyRole: 'company_admin' | 'approver' | 'buyer';
}
