/** Valid payloads for tests that need an event of a type whose data is large (full snapshots). */
// Type-only imports: tracing-on.test.ts imports this file before it points the platform at its fake
// X-Ray daemon, so nothing here may load @b2b/shared/events (and with it the tracing module) at run
// time. Envelope builders live in envelopes.ts.
import type { EventPayloads } from '@b2b/shared/catalogue';

export function productSnapshot(
  overrides: Partial<EventPayloads['product.created']> = {},
): EventPayloads['product.created'] {
  return {
    productId: 'p-1',
    sku: 'SKU-1',
    name: 'Hex bolt M8',
    slug: 'hex-bolt-m8',
    description: 'Zinc-plated steel',
    brand: null,
    categoryIds: [],
    attributes: { thread: 'M8' },
    images: [],
    listPrice: { amount: '0.25', currency: 'EUR' },
    priceTiers: [{ minQuantity: 100, price: { amount: '0.20', currency: 'EUR' } }],
    minOrderQuantity: 1,
    orderMultiple: 1,
    status: 'active',
    version: 1,
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}
