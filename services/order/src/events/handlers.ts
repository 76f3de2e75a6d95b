/**
 * What the order service does with each event it consumes (catalogue: consumers include 'order').
 * Every handler is transactional: its writes, the idempotency record and its replies commit
 * together (startEventConsumers), and the state machine's conditional updates make a duplicate,
 * late or reordered reply harmless.
 */

import type { ConsumerHandlers } from '@b2b/shared/events';
import type { OrderContext } from '../domain/context.ts';
import {
  recordPaymentStatus,
  recordRefund,
  sagaStepFailed,
  sagaStepSucceeded,
} from '../domain/order-lifecycle.ts';
import { decideOrdersHeldForUnknownBuyer } from '../domain/order-placement.ts';
import { companyProjection, memberProjection } from '../domain/projections.ts';

/** Product snapshots need no work here: carts re-check prices on every read. */
const nothingToDo = async () => {};

export function orderEventHandlers(ctx: OrderContext): ConsumerHandlers<'order'> {
  return {
    'company.updated': async ({ data }, tx) => {
      await ctx.repos.companies.applyIfNewer(companyProjection(data), tx.session);
    },
    'member.updated': async ({ data }, tx) => {
      await ctx.repos.members.applyIfNewer(memberProjection(data, data.status), tx.session);
      await decideOrdersHeldForUnknownBuyer(ctx, tx, data.userId);
    },
    'member.removed': async ({ data }, tx) => {
      await ctx.repos.members.applyIfNewer(memberProjection(data, 'removed'), tx.session);
    },
    'inventory.reserved': ({ data }, tx) => sagaStepSucceeded(ctx, tx, data.orderId, 'stock'),
    'inventory.rejected': ({ data }, tx) => sagaStepFailed(ctx, tx, data.orderId, 'stock'),
    'payment.authorized': ({ data }, tx) => sagaStepSucceeded(ctx, tx, data.orderId, 'payment'),
    'payment.declined': ({ data }, tx) => sagaStepFailed(ctx, tx, data.orderId, 'payment'),
    'payment.captured': ({ data }, tx) => recordPaymentStatus(ctx, tx, data.orderId, 'captured'),
    'payment.refunded': ({ data }, tx) => recordRefund(ctx, tx, data),
    'product.created': nothingToDo,
    'product.updated': nothingToDo,
    'product.archived': nothingToDo,
  };
}
