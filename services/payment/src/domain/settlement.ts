/**
 * What happens to a payment after its authorization: voided when the order is cancelled or
 * rejected before shipping (the credit comes back at once), captured when it ships (an invoice is
 * issued for invoice payments), refunded when a captured order is cancelled after all.
 */
import type { EventEnvelope } from '@b2b/shared/events';
import { fromStored, jsonOf, storedToJson, subtract } from './amounts.ts';
import { providerKey } from './authorization.ts';
import type { PaymentContext } from './context.ts';
import { issueInvoice } from './invoices.ts';
import type { PaymentDoc } from './model.ts';
import { refundPayment } from './refunds.ts';

/** Voids an authorization that was not captured; a no-op for any other status. Idempotent. */
export async function voidPayment(ctx: PaymentContext, payment: PaymentDoc): Promise<void> {
  if (payment.status !== 'authorized') return;
  const { payments, credit } = ctx.repos;
  if (payment.method === 'card' && payment.providerRef) {
    await ctx.provider.void({
      providerRef: payment.providerRef,
      idempotencyKey: providerKey(payment.orderId, 'void'),
    });
  }
  const at = ctx.now();
  await ctx.transaction(async (tx) => {
    const voided = await payments.transition(
      payment._id,
      'authorized',
      {
        to: 'voided',
        at,
        transaction: { type: 'void', amount: payment.amount, at, providerRef: payment.providerRef },
      },
      tx.session,
    );
    // Only the delivery that voided gives the credit back, so it is never released twice.
    if (voided && payment.method === 'invoice')
      await credit.release(payment.companyId, payment.amount, tx.session);
  });
}

/**
 * order.cancelled / order.rejected: remember the closure first (a later or concurrent order.placed
 * reads it after writing its outcome), then void what is authorized, refund what is captured.
 */
export async function closeOrder(
  ctx: PaymentContext,
  event: EventEnvelope<'order.cancelled'> | EventEnvelope<'order.rejected'>,
): Promise<void> {
  const { orderId } = event.data;
  await ctx.repos.closures.record({
    _id: orderId,
    eventType: event.type,
    reason: event.data.reason ?? null,
    at: ctx.now(),
  });
  const payment = await ctx.repos.payments.findByOrder(orderId);
  if (!payment) return; // the tombstone stops a later order.placed
  if (payment.status === 'authorized') {
    await voidPayment(ctx, payment);
  } else if (
    payment.method === 'card' &&
    (payment.status === 'captured' || payment.status === 'partially_refunded')
  ) {
    const left = subtract(
      fromStored({ amount: payment.capturedAmount, currency: payment.currency }),
      fromStored({ amount: payment.refundedAmount, currency: payment.currency }),
    );
    await refundPayment(ctx, {
      paymentId: payment._id,
      amount: jsonOf(left),
      reason: `order ${event.type === 'order.cancelled' ? 'cancelled' : 'rejected'}`,
      requestedBy: 'system',
      refundId: `close-${event.id}`,
    }).catch((err: unknown) => {
      // Refunded meanwhile by an admin: nothing is left to give back.
      if ((err as { code?: string }).code !== 'REFUND_EXCEEDS_CAPTURED') throw err;
    });
  }
  // pending: the order.placed handler voids after recording its outcome (it reads the closure).
}

/** order.shipped: capture the authorization; invoice payments get their invoice in the same transaction. */
export async function captureOrder(
  ctx: PaymentContext,
  event: EventEnvelope<'order.shipped'>,
): Promise<void> {
  const { payments } = ctx.repos;
  const payment = await payments.findByOrder(event.data.orderId);
  // Shipping needs a confirmed order, which needs our authorization: not here yet means this
  // delivery overtook order.placed; fail so the bus brings it back later.
  if (!payment) throw new Error(`order ${event.data.orderId} shipped before its payment was recorded`);
  if (payment.status !== 'authorized') {
    if (payment.status !== 'captured')
      ctx.log.warn(
        { orderId: payment.orderId, status: payment.status },
        'shipped order has no authorization to capture',
      );
    return;
  }
  const amount = fromStored({ amount: payment.amount, currency: payment.currency });
  if (payment.method === 'card' && payment.providerRef) {
    await ctx.provider.capture({
      providerRef: payment.providerRef,
      amount,
      idempotencyKey: providerKey(payment.orderId, 'capture'),
    });
  }
  const at = ctx.now();
  await ctx.transaction(
    async (tx) => {
      const captured = await payments.transition(
        payment._id,
        'authorized',
        {
          to: 'captured',
          at,
          transaction: { type: 'capture', amount: payment.amount, at, providerRef: payment.providerRef },
          set: { capturedAmount: payment.amount },
        },
        tx.session,
      );
      if (!captured) return;
      tx.stage('payment.captured', {
        paymentId: payment._id,
        orderId: payment.orderId,
        amount: storedToJson({ amount: payment.amount, currency: payment.currency }),
      });
      if (payment.method === 'invoice') await issueInvoice(ctx, tx, payment, new Date(event.occurredAt));
    },
    { correlationId: event.correlationId },
  );
}
