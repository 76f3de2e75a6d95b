/**
 * What the product service does with the events it consumes, as the platform's typed consumer
 * handlers: each runs in one transaction with its idempotency record and the events it stages, so
 * a redelivered order.placed reserves once and publishes once.
 */
import type { ConsumerHandlers } from '@b2b/shared/events';
import { applyCompanySnapshot } from '../domain/company-projection.ts';
import type { CatalogContext } from '../domain/context.ts';
import { commitForOrder, confirmForOrder, releaseForOrder, reserveForOrder } from '../domain/reservations.ts';

export function productEventHandlers(ctx: CatalogContext): ConsumerHandlers<'product'> {
  return {
    'order.placed': async (event, tx) => {
      await reserveForOrder(ctx, tx, { orderId: event.data.orderId, items: event.data.items });
    },
    'order.confirmed': async (event, tx) => {
      await confirmForOrder(ctx, tx, event.data.orderId);
    },
    'order.cancelled': async (event, tx) => {
      await releaseForOrder(ctx, tx, event.data.orderId);
    },
    'order.rejected': async (event, tx) => {
      await releaseForOrder(ctx, tx, event.data.orderId);
    },
    'order.shipped': async (event, tx) => {
      await commitForOrder(ctx, tx, event.data.orderId);
    },
    'company.updated': async (event, tx) => {
      await applyCompanySnapshot(ctx, event.data, tx.session);
    },
  };
}
