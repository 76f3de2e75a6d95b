/** Valid payloads for tests that need an event of a type whose data is large (full snapshots). */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { createEvent, type EventEnvelope } from '@b2b/shared/events';

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

/** An order.shipped from the order service: payment issues the invoice on it (the saga step the event tests act out). */
export function orderShipped(orderNumber: string): EventEnvelope<'order.shipped'> {
  return createEvent(
    'order.shipped',
    {
      orderId: `o-${orderNumber}`,
      orderNumber,
      companyId: 'c-1',
      userId: 'u-1',
      carrier: 'DHL',
      trackingNumber: `T-${orderNumber}`,
    },
    { source: 'order' },
  );
}
