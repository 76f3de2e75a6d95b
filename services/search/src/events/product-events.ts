/**
 * The search service's event handlers: product.created / updated / archived update the index
 * state, each in one transaction with its idempotency record (the kit's consumer helper). Which
 * task receives an event does not matter: every task reads the result through the index feed.
 */
import type { ConsumerHandlers } from '@b2b/shared/events';
import { applyProductEvent, type IndexStateContext } from '../domain/index-state.ts';

export function productEventHandlers(ctx: IndexStateContext): ConsumerHandlers<'search'> {
  return {
    'product.created': async (event, tx) => {
      await applyProductEvent(ctx, 'product.created', event.data, tx.session);
    },
    'product.updated': async (event, tx) => {
      await applyProductEvent(ctx, 'product.updated', event.data, tx.session);
    },
    'product.archived': async (event, tx) => {
      await applyProductEvent(ctx, 'product.archived', event.data, tx.session);
    },
  };
}
