/** Whole event envelopes for the event tests (these load @b2b/shared/events; payloads.ts must not). */
import { createEvent, type EventEnvelope } from '@b2b/shared/events';

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
