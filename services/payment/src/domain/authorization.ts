/**
 * order.placed → authorize: invoice orders against the company's credit (one transaction: the
 * payment, the credit taken and the reply), card orders through the provider (claim → act → mark:
 * the payment is recorded `pending`, the provider called outside any transaction with the key
 * `<orderId>:authorize`, then the outcome and the reply are written together).
 */
import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '@b2b/shared/db';
import type { EventEnvelope } from '@b2b/shared/events';
import { decimal, type Money, parseJson, storedToJson, zero } from './amounts.ts';
import type { PaymentContext, Transaction } from './context.ts';
import { reserveCredit } from './credit.ts';
import type { PaymentDoc, PaymentMethod } from './model.ts';
import { voidPayment } from './settlement.ts';

type OrderPlaced = EventEnvelope<'order.placed'>;

export const providerKey = (orderId: string, step: string) => `${orderId}:${step}`;

function newPayment(event: OrderPlaced, method: PaymentMethod, amount: Money, at: Date): PaymentDoc {
  const { data } = event;
  return {
    _id: randomUUID(),
    orderId: data.orderId,
    orderNumber: data.orderNumber,
    companyId: data.companyId,
    userId: data.userId,
    method,
    status: 'pending',
    currency: amount.currency,
    amount: decimal(amount),
    capturedAmount: decimal(zero(amount.currency)),
    refundedAmount: decimal(zero(amount.currency)),
    providerRef: null,
    declineReason: null,
    transactions: [],
    refunds: [],
    paymentTerms: null,
    invoiceId: null,
    createdAt: at,
    updatedAt: at,
  };
}

export async function authorizeOrder(ctx: PaymentContext, event: OrderPlaced): Promise<void> {
  if (event.data.paymentMethod === 'invoice') await authorizeOnCredit(ctx, event);
  else await authorizeCard(ctx, event);
}

function stageDecline(tx: Transaction, payment: PaymentDoc, reason: string): void {
  tx.stage('payment.declined', { paymentId: payment._id, orderId: payment.orderId, reason });
}

async function authorizeOnCredit(ctx: PaymentContext, event: OrderPlaced): Promise<void> {
  const amount = parseJson(event.data.total);
  await ctx.transaction(
    async (tx) => {
      const { payments, closures, credit } = ctx.repos;
      if (await payments.findByOrder(event.data.orderId, tx.session)) return; // a duplicate delivery
      if (await closures.isClosed(event.data.orderId, tx.session)) {
        ctx.log.info({ orderId: event.data.orderId }, 'order closed before it was placed; not authorized');
        return;
      }
      const at = ctx.now();
      const payment = newPayment(event, 'invoice', amount, at);
      const reserved = await reserveCredit(credit, event.data.companyId, amount, tx.session);
      if (reserved.ok) {
        payment.status = 'authorized';
        payment.paymentTerms = reserved.account.paymentTerms;
        payment.transactions.push({ type: 'authorization', amount: payment.amount, at, providerRef: null });
        await payments.insert(payment, tx.session);
        tx.stage('payment.authorized', {
          paymentId: payment._id,
          orderId: payment.orderId,
          amount: event.data.total,
        });
      } else {
        payment.status = 'declined';
        payment.declineReason = reserved.reason;
        payment.transactions.push({ type: 'decline', amount: payment.amount, at, providerRef: null });
        await payments.insert(payment, tx.session);
        stageDecline(tx, payment, reserved.reason);
      }
    },
    { correlationId: event.correlationId },
  );
}

/** The card payment of this order, created `pending` on first sight (unique per order). */
async function pendingCardPayment(
  ctx: PaymentContext,
  event: OrderPlaced,
  amount: Money,
): Promise<PaymentDoc> {
  const { payments } = ctx.repos;
  const existing = await payments.findByOrder(event.data.orderId);
  if (existing) return existing;
  const payment = newPayment(event, 'card', amount, ctx.now());
  try {
    await payments.insert(payment);
    return payment;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const raced = await payments.findByOrder(event.data.orderId);
    if (!raced) throw err;
    return raced;
  }
}

async function authorizeCard(ctx: PaymentContext, event: OrderPlaced): Promise<void> {
  const { orderId, cardToken } = event.data;
  if (await ctx.repos.closures.isClosed(orderId)) {
    ctx.log.info({ orderId }, 'order closed before it was placed; not authorized');
    return;
  }
  const amount = parseJson(event.data.total);
  const payment = await pendingCardPayment(ctx, event, amount);
  // Decided by an earlier delivery (its reply is in the outbox), or waiting for a webhook.
  if (payment.status !== 'pending' || payment.providerRef !== null) return;
  if (!cardToken) {
    await recordCardOutcome(
      ctx,
      payment,
      { outcome: 'declined', reason: 'card_token_missing', providerRef: null },
      event.correlationId,
    );
    return;
  }
  const result = await ctx.provider.authorize({
    orderId,
    amount,
    cardToken,
    idempotencyKey: providerKey(orderId, 'authorize'),
  });
  await recordCardOutcome(ctx, payment, result, event.correlationId);
}

export type CardOutcome =
  | { outcome: 'authorized'; providerRef: string }
  | { outcome: 'declined'; reason: string; providerRef: string | null }
  | { outcome: 'pending'; providerRef: string };

/**
 * Writes the provider's answer on a pending payment with its reply (authorized / declined), or
 * remembers the provider's reference while the outcome is asynchronous (a webhook completes it).
 * Then: an order closed meanwhile has its fresh authorization voided at once.
 */
export async function recordCardOutcome(
  ctx: PaymentContext,
  payment: PaymentDoc,
  result: CardOutcome,
  correlationId?: string,
): Promise<void> {
  const at = ctx.now();
  const { payments } = ctx.repos;
  if (result.outcome === 'pending') {
    await payments.collection.updateOne(
      { _id: payment._id, status: 'pending' },
      { $set: { providerRef: result.providerRef, updatedAt: at } },
    );
    return;
  }
  await ctx.transaction(
    async (tx) => {
      const changed = await payments.transition(
        payment._id,
        'pending',
        {
          to: result.outcome === 'authorized' ? 'authorized' : 'declined',
          at,
          transaction: {
            type: result.outcome === 'authorized' ? 'authorization' : 'decline',
            amount: payment.amount,
            at,
            providerRef: result.providerRef,
          },
          set: {
            providerRef: result.providerRef,
            declineReason: result.outcome === 'declined' ? result.reason : null,
          },
        },
        tx.session,
      );
      if (!changed) return;
      if (result.outcome === 'authorized') {
        tx.stage('payment.authorized', {
          paymentId: payment._id,
          orderId: payment.orderId,
          amount: storedToJson({ amount: payment.amount, currency: payment.currency }),
        });
      } else {
        stageDecline(tx, payment, result.reason);
      }
    },
    correlationId ? { correlationId } : {},
  );
  // Written after the outcome, read after it: a cancellation recorded before this read is seen
  // here; one recorded after it sees the authorization (settlement.ts). Either way it is voided.
  if (result.outcome === 'authorized' && (await ctx.repos.closures.isClosed(payment.orderId))) {
    const fresh = await payments.findById(payment._id);
    if (fresh) await voidPayment(ctx, fresh);
  }
}
