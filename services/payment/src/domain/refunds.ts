/**
 * Refunds of captured payments, partial or full, never above captured − refunded. Card payments:
 * the amount is reserved first with one conditional update (refunded + amount ≤ captured), so
 * concurrent refunds never exceed the capture; then the provider is called with the key
 * `<orderId>:refund:<refundId>` and the result recorded with payment.refunded. A provider failure
 * gives the reservation back. Invoice payments: a credit note on the invoice (see below).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EventPayloads } from '@b2b/shared/catalogue';
import { errors } from '@b2b/shared/errors';
import type { ClientSession } from 'mongodb';
import { ProviderRejectedError } from '../providers/port.ts';
import {
  add,
  decimal,
  fromStored,
  isPositive,
  jsonOf,
  type Money,
  type MoneyJson,
  parseJson,
  zero,
} from './amounts.ts';
import { providerKey } from './authorization.ts';
import type { PaymentContext } from './context.ts';
import { paymentErrors } from './errors.ts';
import type { PaymentDoc } from './model.ts';

export interface RefundRequest {
  paymentId: string;
  amount: MoneyJson;
  reason: string;
  /** The admin's user id, or `system` for a cancellation. */
  requestedBy: string;
  /** Stable across a retried request (the idempotency key's replay); new by default. */
  refundId?: string;
}

/**
 * The refund id a caller's Idempotency-Key stands for (keys are the caller's, as the plugin scopes
 * them; refund ids are scoped to their payment).
 */
export function refundIdFromKey(callerId: string, key: string): string {
  return `key-${createHash('sha256').update(`${callerId}\n${key}`).digest('base64url').slice(0, 32)}`;
}

/** The same key again: the same refund (done or in progress), or a 409 when the body differs. */
function replayRefund(
  payment: PaymentDoc,
  earlier: PaymentDoc['refunds'][number],
  request: RefundRequest,
): PaymentDoc {
  const same =
    earlier.amount.toString() === decimal(parseJson(request.amount)).toString() &&
    earlier.reason === request.reason;
  if (!same)
    throw errors.conflict('This Idempotency-Key was used for another refund', 'IDEMPOTENCY_KEY_REUSED');
  if (earlier.status === 'pending') {
    throw errors.conflict(
      'A refund with this Idempotency-Key is in progress',
      'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    );
  }
  return payment;
}

export async function refundPayment(ctx: PaymentContext, request: RefundRequest): Promise<PaymentDoc> {
  const { payments } = ctx.repos;
  const payment = await payments.findById(request.paymentId);
  if (!payment) throw paymentErrors.paymentNotFound();
  const refundId = request.refundId ?? randomUUID();
  const earlier = payment.refunds.find((r) => r.id === refundId);
  if (earlier) return replayRefund(payment, earlier, request);
  if (request.amount.currency !== payment.currency) throw paymentErrors.currencyMismatch(payment.currency);
  const amount = parseJson(request.amount);
  if (!isPositive(amount) || payment.status === 'refunded') throw paymentErrors.refundExceedsCaptured();
  if (payment.status !== 'captured' && payment.status !== 'partially_refunded') {
    throw paymentErrors.notRefundable(payment.status);
  }
  const at = ctx.now();
  if (payment.method === 'invoice') {
    return refundInvoicePayment(
      ctx,
      payment,
      { id: refundId, amount, reason: request.reason, by: request.requestedBy, at },
      request,
    );
  }
  const reserved = await payments.reserveRefund(
    payment._id,
    {
      id: refundId,
      amount: decimal(amount),
      reason: request.reason,
      status: 'pending',
      requestedBy: request.requestedBy,
      providerRef: null,
      at,
    },
    at,
  );
  if (!reserved) {
    // A concurrent request with the same key reserved it first: answer as its replay.
    const raced = (await payments.findById(payment._id))?.refunds.find((r) => r.id === refundId);
    if (raced) return replayRefund(payment, raced, request);
    throw paymentErrors.refundExceedsCaptured();
  }

  let refundRef: string;
  try {
    if (!payment.providerRef) throw new ProviderRejectedError('payment has no provider reference');
    ({ refundRef } = await ctx.provider.refund({
      providerRef: payment.providerRef,
      amount,
      idempotencyKey: providerKey(payment.orderId, `refund:${refundId}`),
    }));
  } catch (err) {
    await payments.releaseRefund(payment._id, refundId, decimal(amount), ctx.now());
    ctx.log.warn(
      { paymentId: payment._id, refundId, err: (err as Error).message },
      'refund failed at the provider; reservation released',
    );
    throw err instanceof ProviderRejectedError
      ? paymentErrors.providerRefused()
      : paymentErrors.providerUnavailable();
  }

  await ctx.transaction(async (tx) => {
    const completed = await payments.completeRefund(
      payment._id,
      refundId,
      { type: 'refund', amount: decimal(amount), at: ctx.now(), providerRef: refundRef },
      tx.session,
    );
    if (completed) tx.stage('payment.refunded', await refundedEvent(ctx, payment, amount, tx.session));
  });
  const updated = await payments.findById(payment._id);
  if (!updated) throw paymentErrors.paymentNotFound();
  return updated;
}

/**
 * A refund of a captured invoice payment moves no money through a provider: it is a credit note.
 * ONE transaction takes the refund within captured − refunded (the same conditional update as
 * cards; concurrent refunds conflict and the loser retries against the new sum), lowers what the
 * invoice still asks for and, while the invoice is unpaid, gives that much of the company's credit
 * back. On a paid invoice the credit was already released at mark-paid; the note records what the
 * supplier owes the company back.
 */
async function refundInvoicePayment(
  ctx: PaymentContext,
  payment: PaymentDoc,
  refund: { id: string; amount: Money; reason: string; by: string; at: Date },
  request: RefundRequest,
): Promise<PaymentDoc> {
  const { payments, invoices, credit } = ctx.repos;
  const amount = decimal(refund.amount);
  const outcome = await ctx.transaction(async (tx) => {
    const reserved = await payments.reserveRefund(
      payment._id,
      {
        id: refund.id,
        amount,
        reason: refund.reason,
        status: 'pending',
        requestedBy: refund.by,
        providerRef: null,
        at: refund.at,
      },
      refund.at,
      tx.session,
    );
    if (!reserved) return 'not-reserved' as const;
    await payments.completeRefund(
      payment._id,
      refund.id,
      { type: 'refund', amount, at: refund.at, providerRef: null },
      tx.session,
    );
    if (payment.invoiceId) {
      const invoice = await invoices.addCreditNote(payment.invoiceId, amount, refund.at, tx.session);
      if (invoice && invoice.status !== 'paid') await credit.release(payment.companyId, amount, tx.session);
    }
    tx.stage('payment.refunded', await refundedEvent(ctx, payment, refund.amount, tx.session));
    return 'refunded' as const;
  });
  if (outcome === 'not-reserved') {
    const raced = (await payments.findById(payment._id))?.refunds.find((r) => r.id === refund.id);
    if (raced) return replayRefund(payment, raced, request);
    throw paymentErrors.refundExceedsCaptured();
  }
  ctx.log.info(
    { paymentId: payment._id, invoiceId: payment.invoiceId, refundId: refund.id },
    'invoice payment refunded: credit note',
  );
  const updated = await payments.findById(payment._id);
  if (!updated) throw paymentErrors.paymentNotFound();
  return updated;
}

/**
 * payment.refunded for a refund just completed in `session`: with the payment's completed refunds
 * so far (read in the same transaction, so two refunds committing one after the other carry
 * growing totals) and what was captured.
 */
async function refundedEvent(
  ctx: PaymentContext,
  payment: PaymentDoc,
  amount: Money,
  session: ClientSession,
): Promise<EventPayloads['payment.refunded']> {
  const current = (await ctx.repos.payments.findById(payment._id, session)) ?? payment;
  const captured = fromStored({ amount: current.capturedAmount, currency: current.currency });
  const refundedTotal = current.refunds
    .filter((r) => r.status === 'succeeded')
    .reduce(
      (sum, r) => add(sum, fromStored({ amount: r.amount, currency: current.currency })),
      zero(current.currency),
    );
  return {
    paymentId: payment._id,
    orderId: payment.orderId,
    amount: jsonOf(amount),
    refundedTotal: jsonOf(refundedTotal),
    capturedAmount: jsonOf(captured),
  };
}
