/**
 * Documents of the product service's own database. Money is stored as Decimal128 with its
 * currency (never a float); `skuKey` is the upper-cased sku, the case-insensitive identity of a
 * product across products, inventory, price-list entries and reservations.
 */
import type { StoredMoney } from '@b2b/shared/db';

export type { StoredMoney };

export interface StoredTier {
  minQuantity: number;
  price: StoredMoney;
}

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface ProductImage {
  id: string;
  /** Where the image store keeps it (a file name locally, a public id in Cloudinary); never leaves the service. */
  key: string;
  url: string;
  thumbnailUrl: string;
  alt: string;
}

export interface ProductDoc {
  _id: string;
  sku: string;
  skuKey: string;
  slug: string;
  name: string;
  description: string;
  brand: string;
  categoryIds: string[];
  attributes: Record<string, string>;
  images: ProductImage[];
  /** What `?q=` looks up through an index (domain/search-keys.ts); never leaves the service. */
  searchKeys: string[];
  listPrice: StoredMoney;
  /** Ascending by minQuantity, all in the list price's currency. */
  priceTiers: StoredTier[];
  minOrderQuantity: number;
  orderMultiple: number;
  status: ProductStatus;
  /** Grows with every change; events carry it so consumers apply snapshots "if newer". */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A product as the catalog's answers read it: no search keys, no image store keys (never shown). */
export type CatalogProduct = Omit<ProductDoc, 'searchKeys' | 'images'> & {
  images: Omit<ProductImage, 'key'>[];
};

export interface CategoryDoc {
  _id: string;
  name: string;
  slug: string;
  parentId: string | null;
  /** Materialised path of ids from the root down to and including this category: `/a/b/c/`. */
  path: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PriceListDoc {
  _id: string;
  name: string;
  currency: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One sku's contract price in a price list (its own collection: lists can be large). */
export interface PriceListEntryDoc {
  _id: string;
  priceListId: string;
  sku: string;
  skuKey: string;
  price: StoredMoney;
  tiers: StoredTier[];
}

export interface InventoryDoc {
  /** The skuKey. */
  _id: string;
  sku: string;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
  /**
   * Units each order holds, by `holdKey(orderId)`: what makes a reservation line idempotent per
   * order without a transaction (see repositories/inventory.ts). Only active reservations appear.
   */
  holds?: Record<string, number>;
  updatedAt: Date;
}

export type ReservationStatus = 'reserved' | 'confirmed' | 'rejected' | 'released' | 'committed';

export interface ReservationLine {
  sku: string;
  skuKey: string;
  quantity: number;
}

/** The stock an order holds; `_id` is the order id, which makes reserving idempotent per order. */
export interface ReservationDoc {
  _id: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  /** Lines that could not be reserved (status `rejected`). */
  short: { sku: string; requested: number; available: number }[];
  createdAt: Date;
  updatedAt: Date;
  /** A `reserved` (never confirmed) reservation is released by the expiry job after this. */
  expiresAt: Date;
}

/** What this service knows of a company, learned from `company.updated` snapshots. */
export interface CompanyProjectionDoc {
  _id: string;
  priceListId: string | null;
  status: string;
  currency: string | null;
  version: number;
  updatedAt: Date;
}
