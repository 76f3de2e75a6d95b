import type { EventPayloads, EventType } from '@b2b/shared/catalogue';
import type { ClientSession } from 'mongodb';
import type { ImageStore } from '../images/image-store.ts';
import type { CategoryRepository } from '../repositories/categories.ts';
import type { CompanyProjectionRepository } from '../repositories/company-prices.ts';
import type { InventoryRepository } from '../repositories/inventory.ts';
import type { PriceListRepository } from '../repositories/price-lists.ts';
import type { ProductRepository } from '../repositories/products.ts';
import type { ReservationRepository } from '../repositories/reservations.ts';

/** The events this service publishes (the catalogue's `product` producer). */
export type ProductEventType = Extract<
  EventType,
  | 'product.created'
  | 'product.updated'
  | 'product.archived'
  | 'inventory.reserved'
  | 'inventory.rejected'
  | 'inventory.low_stock'
>;

/** A transaction in which state changes and the events they cause are written together. */
export interface Transaction {
  session: ClientSession;
  stage<K extends ProductEventType>(type: K, data: EventPayloads[K]): void;
}

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
