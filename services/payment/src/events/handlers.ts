/**
 * The payment service's event consumers. company.updated is a plain transactional handler (the
 * projection write commits with the idempotency record); every order.* handler may call the card
 * provider, so it runs as a side effect (claim → act → mark, no transaction held during the call)
 * and writes its result and replies through the service's own outbox transactions.
 */
import { type ConsumerHandlers, sideEffect } from '@b2b/shared/events';
import { authorizeOrder } from '../domain/authorization.ts';
import type { PaymentContext } from '../domain/context.ts';
import { applyCompanySnapshot } from '../domain/credit.ts';
import { captureOrder, closeOrder } from '../domain/settlement.ts';
import type { CreditAccountRepository } from '../repositories/credit-accounts.ts';

export function paymentEventHandlers(ctx: PaymentContext): ConsumerHandlers<'payment'> {
  const credit: CreditAccountRepository = ctx.repos.credit;
  return {
    'company.updated': async (event, tx) => {
      const result = await applyCompanySnapshot(credit, event.data, tx.session);
      if (result === 'stale') {
        ctx.log.info(
          { companyId: event.data.companyId, version: event.data.version },
          'older company snapshot ignored',
        );
      }
    },
    'order.placed': sideEffect((event) => authorizeOrder(ctx, event)),
    'order.cancelled': sideEffect((event) => closeOrder(ctx, event)),
    'order.rejected': sideEffect((event) => closeOrder(ctx, event)),
    'order.shipped': sideEffect((event) => captureOrder(ctx, event)),
  };
}
