/** Test products: search documents and product snapshots with every field, overridable. */
import { randomUUID } from 'node:crypto';
import type { ProductSnapshot } from '../../src/domain/index-state.ts';
import type { SearchDocument } from '../../src/engine/port.ts';
import type { IndexedDocument } from '../../src/schemas/index-feed.ts';

let counter = 0;

export function searchDoc(overrides: Partial<SearchDocument> = {}): SearchDocument {
  counter++;
  const id = overrides.id ?? `p${String(counter).padStart(5, '0')}`;
  return {
    id,
    sku: `SKU-${counter}`,
    name: `Product ${counter}`,
    slug: `product-${counter}`,
    description: '',
    brand: 'Generic',
    categoryIds: [],
    attributes: {},
    images: [],
    listPrice: { amount: '10.00', currency: 'EUR' },
    minOrderQuantity: 1,
    orderMultiple: 1,
    availability: 'in_stock',
    createdAt: new Date(Date.UTC(2025, 0, 1) + counter * 60_000).toISOString(),
    version: 1,
    ...overrides,
  };
}

/** An entry of the index feed: a search document without its stock status (joined per task). */
export function indexedDoc(overrides: Partial<IndexedDocument> = {}): IndexedDocument {
  const { availability: _joined, ...doc } = searchDoc(overrides);
  return doc;
}

/** A full product snapshot as the product service's events carry it. */
export function productSnapshot(overrides: Partial<ProductSnapshot> = {}): ProductSnapshot {
  counter++;
  return {
    productId: `prod-${randomUUID().slice(0, 8)}`,
    sku: `SKU-${counter}-${randomUUID().slice(0, 4)}`,
    name: `Product ${counter}`,
    slug: `product-${counter}`,
    description: '',
    brand: 'Generic',
    categoryIds: [],
    attributes: {},
    images: [],
    listPrice: { amount: '10.00', currency: 'EUR' },
    priceTiers: [],
    minOrderQuantity: 1,
    orderMultiple: 1,
    status: 'active',
    version: 1,
    updatedAt: new Date().toISOString(),
    ...overrides,
  } as ProductSnapshot;
}
