import type { EventsProducedBy, HandlerTransaction } from '@b2b/shared/events';
import type { ImageStore } from '../images/image-store.ts';
import type { CategoryRepository } from '../repositories/categories.ts';
import type { CompanyProjectionRepository } from '../repositories/company-prices.ts';
import type { InventoryRepository } from '../repositories/inventory.ts';
import type { PriceListRepository } from '../repositories/price-lists.ts';
import type { ProductRepository } from '../repositories/products.ts';
import type { ReservationRepository } from '../repositories/reservations.ts';

/** The events this service publishes (the catalogue's `product` producer). */
export type ProductEventType = EventsProducedBy<'product'>;

/**
 * A transaction in which state changes and the events they cause are written together: the same
 * shape an event handler gets from the platform's consumers, so a use case runs in either.
 */
export type Transaction = HandlerTransaction<'product'>;

/** Runs `work` in a transaction whose staged events land in the outbox on commit. */
export type RunInTransaction = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

export interface Repositories {
  products: ProductRepository;
  categories: CategoryRepository;
  priceLists: PriceListRepository;
  companies: CompanyProjectionRepository;
  inventory: InventoryRepository;
  reservations: ReservationRepository;
}

export interface ServiceLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Everything the use cases need, built once by buildApp from its deps. */
export interface CatalogContext {
  repos: Repositories;
  images: ImageStore;
  now: () => Date;
  transaction: RunInTransaction;
  /** How long an unconfirmed reservation holds stock. */
  reservationTtlMs: number;
  log: ServiceLog;
}
