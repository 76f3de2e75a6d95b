/** Search documents for tests: a plausible product with every field, overridable. */
import type { SearchDocument } from '../../src/engine/port.ts';

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
