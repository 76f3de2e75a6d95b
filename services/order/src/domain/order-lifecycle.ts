/**
 * The order's state machine. Every move is one conditional update (`{_id, status: <allowed from>}`)
 * in a transaction with the event it causes, so two moves racing for one order cannot both win,
 * and a duplicate or late saga reply changes nothing.
 *
 *   awaiting_approval ─approve→ pending ─(stock ∧ payment)→ confirmed ─ship→ shipped ─deliver→ delivered
 *          └─reject→ rejected        └─(stock ✗ ∨ payment ✗ ∨ deadline)→ cancelled
 *   any state before shipped ─cancel→ cancelled
 */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { storedMoneyFromJson } from '@b2b/shared/db';
import { compare, fromJson } from '@b2b/shared/money';
import { nextApprovalStep } from './approval.ts';
import type { Caller, OrderContext, Transaction } from './context.ts';
import { orderErrors } from './errors.ts';
import type { CancellationReason, OrderDoc, OrderStatus, PaymentStatus } from './model.ts';
import {
  orderCancelled,
  orderDelivered,
  orderPlaced,
  orderRejected,
  orderShipped,
  orderTotalEvent,
} from './order-events.ts';

/** States from which an order may still be cancelled (api.md: any state before shipped). */
export const CANCELLABLE: readonly OrderStatus[] = ['awaiting_approval', 'pending', 'confirmed'];

function entry(status: OrderStatus, at: Date, by: string | null, reason: string | null) {
  return { status, at, by, reason };
}

/** Which event tells the others about a cancellation: a rejected approval is its own event. */
function stageCancellation(tx: Transaction, order: OrderDoc, reason: CancellationReason): void {
  tx.stage('order.cancelled', orderCancelled(order, reason));
}

/** Loads an order the caller's company may see; 404 otherwise. */
export async function companyOrder(ctx: OrderContext, caller: Caller, orderId: string): Promise<OrderDoc> {
  const order = await ctx.repos.orders.findInCompany(orderId, caller.companyId);
  if (!order) throw orderErrors.orderNotFound();
  // A buyer sees only their own orders; approvers and company admins the company's.
  if (caller.companyRole === 'buyer' && order.userId !== caller.userId) throw orderErrors.orderNotFound();
  return order;
}

// ------------------------------------------------------------------------------------------------
// Approvals
// ------------------------------------------------------------------------------------------------

export async function decideOnOrder(
  ctx: OrderContext,
  caller: Caller,
  orderId: string,
  decision: 'approved' | 'rejected',
  reason: string | null,
): Promise<OrderDoc> {
  const order = await ctx.repos.orders.findInCompany(orderId, caller.companyId);
  if (!order) throw orderErrors.orderNotFound();
  if (order.userId === caller.userId) throw orderErrors.ownOrderApproval();
  // Multi-level rules: approvals come lowest level first, each from its role, one per person.
  const step =
    decision === 'approved' && order.status === 'awaiting_approval' ? nextApprovalStep(order, caller) : null;
  const now = ctx.now();
  const record = { by: caller.userId, role: caller.companyRole, at: now, decision, reason };
  // The level is taken only if no one else took it meanwhile: `approvals` still has `index` entries.
  const sameLevel = step ? { approvals: { $size: step.index } } : {};
  const updated = await ctx.transaction(async (tx) => {
    if (step && !step.last) {
      const approvedLevel = await ctx.repos.orders.transition(
        orderId,
        ['awaiting_approval'],
        { push: { approvals: record } },
        now,
        tx.session,
        sameLevel,
      );
      // The next level's approvers are told, as for a new order waiting for approval.
      if (approvedLevel) tx.stage('order.awaiting_approval', orderTotalEvent(approvedLevel));
      return approvedLevel;
    }
    const moved =
      decision === 'approved'
        ? await ctx.repos.orders.transition(
            orderId,
            ['awaiting_approval'],
            {
              status: 'pending',
              set: { pendingDeadline: new Date(now.getTime() + ctx.rules.pendingDeadlineMs) },
              history: entry('pending', now, caller.userId, reason),
              push: { approvals: record },
            },
            now,
            tx.session,
            sameLevel,
          )
        : await ctx.repos.orders.transition(
            orderId,
            ['awaiting_approval'],
            {
              status: 'rejected',
              history: entry('rejected', now, caller.userId, reason),
              push: { approvals: record },
            },
            now,
            tx.session,
          );
    if (!moved) return null;
    if (decision === 'approved') tx.stage('order.placed', orderPlaced(moved));
    else tx.stage('order.rejected', orderRejected(moved, reason));
    return moved;
  });
  if (!updated) {
    const current = (await ctx.repos.orders.findById(orderId)) ?? order;
    throw orderErrors.invalidTransition(
      current.status === 'awaiting_approval' ? 'already approved at this level' : current.status,
      decision,
    );
  }
  ctx.log.info({ orderId, decision, by: caller.userId }, 'order approval decided');
  return updated;
}

// ------------------------------------------------------------------------------------------------
// The saga's replies (called by the event handlers with the handler's transaction)
// ------------------------------------------------------------------------------------------------

export type SagaStep = 'stock' | 'payment';

/** Confirms the order when both steps succeeded; the update matches only once. */
async function confirmIfComplete(ctx: OrderContext, tx: Transaction, order: OrderDoc): Promise<void> {
  if (order.saga.stock !== 'reserved' || order.saga.payment !== 'authorized') return;
  const now = ctx.now();
  const confirmed = await ctx.repos.orders.transition(
    order._id,
    ['pending'],
    { status: 'confirmed', set: { pendingDeadline: null }, history: entry('confirmed', now, null, null) },
    now,
    tx.session,
    { 'saga.stock': 'reserved', 'saga.payment': 'authorized' },
  );
  if (confirmed) tx.stage('order.confirmed', orderTotalEvent(confirmed));
}

/** A step succeeded: record it (once) and confirm when the other one has too. */
export async function sagaStepSucceeded(
  ctx: OrderContext,
  tx: Transaction,
  orderId: string,
  step: SagaStep,
): Promise<void> {
  const now = ctx.now();
  const set =
    step === 'stock'
      ? { 'saga.stock': 'reserved' as const }
      : { 'saga.payment': 'authorized' as const, paymentStatus: 'authorized' as const };
  const recorded = await ctx.repos.orders.transition(
    orderId,
    ['pending'],
    { set: set as never },
    now,
    tx.session,
    { [`saga.${step}`]: null },
  );
  if (recorded) {
    await confirmIfComplete(ctx, tx, recorded);
    return;
  }
  // Not pending any more (cancelled meanwhile, or a duplicate): only the payment's state is kept
  // up to date, so an authorization that arrives after a cancellation is visible (and voided by
  // the payment service on order.cancelled).
  if (step === 'payment') {
    await ctx.repos.orders.transition(
      orderId,
      ['cancelled'],
      { set: { paymentStatus: 'authorized' } },
      now,
      tx.session,
      {
        paymentStatus: 'none',
      },
    );
  }
}

/** A step failed: the order is cancelled (once) and order.cancelled makes the other step compensate. */
export async function sagaStepFailed(
  ctx: OrderContext,
  tx: Transaction,
  orderId: string,
  step: SagaStep,
): Promise<void> {
  const now = ctx.now();
  const reason: CancellationReason = step === 'stock' ? 'out_of_stock' : 'payment_declined';
  const set =
    step === 'stock'
      ? { 'saga.stock': 'rejected' as const }
      : { 'saga.payment': 'declined' as const, paymentStatus: 'declined' as const };
  const cancelled = await ctx.repos.orders.transition(
    orderId,
    ['pending'],
    {
      status: 'cancelled',
      set: { ...set, cancellationReason: reason, pendingDeadline: null } as never,
      history: entry('cancelled', now, null, reason),
    },
    now,
    tx.session,
  );
  if (cancelled) stageCancellation(tx, cancelled, reason);
}

/** payment.captured (and payment.refunded of an older producer): the order shows the payment's state. */
export async function recordPaymentStatus(
  ctx: OrderContext,
  tx: Transaction,
  orderId: string,
  status: 'captured' | 'refunded',
): Promise<void> {
  // A refund is final: a late or duplicate capture never turns it back.
  const extra =
    status === 'captured'
      ? { paymentStatus: { $nin: ['refunded', 'partially_refunded'] as PaymentStatus[] } }
      : {};
  await ctx.repos.orders.transition(
    orderId,
    PAYMENT_NEWS_FROM,
    { set: { paymentStatus: status } },
    ctx.now(),
    tx.session,
    extra,
  );
}

const PAYMENT_NEWS_FROM: OrderStatus[] = [...CANCELLABLE, 'shipped', 'delivered', 'cancelled', 'rejected'];

/**
 * payment.refunded: `partially_refunded` until the refunds add up to the capture, then
 * `refunded`. Applied only when its total is above the one the order holds, so a duplicate or a
 * late delivery of an earlier refund (smaller total) never turns a full refund back to partial.
 */
export async function recordRefund(
  ctx: OrderContext,
  tx: Transaction,
  data: EventPayloads['payment.refunded'],
): Promise<void> {
  const { refundedTotal, capturedAmount } = data;
  if (!refundedTotal || !capturedAmount) return recordPaymentStatus(ctx, tx, data.orderId, 'refunded');
  const full = compare(fromJson(refundedTotal), fromJson(capturedAmount)) >= 0;
  const total = storedMoneyFromJson(refundedTotal);
  await ctx.repos.orders.transition(
    data.orderId,
    PAYMENT_NEWS_FROM,
    { set: { paymentStatus: full ? 'refunded' : 'partially_refunded', refundedTotal: total } },
    ctx.now(),
    tx.session,
    { $or: [{ refundedTotal: null }, { 'refundedTotal.amount': { $lt: total.amount } }] },
  );
}

/** The stale-order job: pending orders past their deadline are cancelled and compensated. */
export async function cancelStalePendingOrders(ctx: OrderContext, limit = 100): Promise<number> {
  let cancelled = 0;
  for (const stale of await ctx.repos.orders.stalePending(ctx.now(), limit)) {
    const done = await ctx.transaction(async (tx) => {
      const now = ctx.now();
      const order = await ctx.repos.orders.transition(
        stale._id,
        ['pending'],
        {
          status: 'cancelled',
          set: { cancellationReason: 'timed_out', pendingDeadline: null },
          history: entry('cancelled', now, null, 'timed_out'),
        },
        now,
        tx.session,
        { pendingDeadline: { $lt: now } },
      );
      if (order) stageCancellation(tx, order, 'timed_out');
      return order !== null;
    });
    if (done) {
      cancelled++;
      ctx.log.warn(
        { orderId: stale._id, orderNumber: stale.orderNumber },
        'pending order timed out: cancelled',
      );
    }
  }
  return cancelled;
}

// ------------------------------------------------------------------------------------------------
// Buyer and operator actions
// ------------------------------------------------------------------------------------------------

/** The buyer (their own order) or a company admin; an operator through the admin route. */
export async function cancelOrder(
  ctx: OrderContext,
  actor: { userId: string; companyId: string | null; role: 'buyer' | 'company_admin' | 'approver' | 'admin' },
  orderId: string,
): Promise<OrderDoc> {
  const order =
    actor.role === 'admin'
      ? await ctx.repos.orders.findById(orderId)
      : await ctx.repos.orders.findInCompany(orderId, actor.companyId ?? '');
  if (!order) throw orderErrors.orderNotFound();
  if (actor.role !== 'admin' && actor.role !== 'company_admin' && order.userId !== actor.userId) {
    // Approvers see the company's orders but only the buyer or a company admin may cancel.
    if (actor.role === 'buyer') throw orderErrors.orderNotFound();
    throw orderErrors.notOwner();
  }
  const reason: CancellationReason =
    actor.role === 'admin' || (actor.role === 'company_admin' && order.userId !== actor.userId)
      ? 'cancelled_by_admin'
      : 'cancelled_by_buyer';
  const now = ctx.now();
  const cancelled = await ctx.transaction(async (tx) => {
    const moved = await ctx.repos.orders.transition(
      orderId,
      CANCELLABLE,
      {
        status: 'cancelled',
        set: { cancellationReason: reason, pendingDeadline: null },
        history: entry('cancelled', now, actor.userId, reason),
      },
      now,
      tx.session,
    );
    if (moved) stageCancellation(tx, moved, reason);
    return moved;
  });
  if (!cancelled) throw orderErrors.invalidTransition(order.status, 'cancelled');
  return cancelled;
}

export async function shipOrder(
  ctx: OrderContext,
  adminId: string,
  orderId: string,
  shipment: { carrier: string; trackingNumber: string },
): Promise<OrderDoc> {
  const order = await ctx.repos.orders.findById(orderId);
  if (!order) throw orderErrors.orderNotFound();
  const now = ctx.now();
  const shipped = await ctx.transaction(async (tx) => {
    const moved = await ctx.repos.orders.transition(
      orderId,
      ['confirmed'],
      { status: 'shipped', set: { shipment }, history: entry('shipped', now, adminId, null) },
      now,
      tx.session,
    );
    if (moved) tx.stage('order.shipped', orderShipped(moved, shipment));
    return moved;
  });
  if (!shipped) throw orderErrors.invalidTransition(order.status, 'shipped');
  return shipped;
}

export async function deliverOrder(ctx: OrderContext, adminId: string, orderId: string): Promise<OrderDoc> {
  const order = await ctx.repos.orders.findById(orderId);
  if (!order) throw orderErrors.orderNotFound();
  const now = ctx.now();
  const delivered = await ctx.transaction(async (tx) => {
    const moved = await ctx.repos.orders.transition(
      orderId,
      ['shipped'],
      { status: 'delivered', history: entry('delivered', now, adminId, null) },
      now,
      tx.session,
    );
    if (moved) tx.stage('order.delivered', orderDelivered(moved));
    return moved;
  });
  if (!delivered) throw orderErrors.invalidTransition(order.status, 'delivered');
  return delivered;
}
