/**
 * Checkout: the cart, priced afresh by the product service, becomes an order (Idempotency-Key:
 * the platform's plugin on the route). The order, its first
 * event (order.placed, or order.awaiting_approval) and the emptied cart commit in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { toStoredMoney } from '@b2b/shared/db';
import { errors } from '@b2b/shared/errors';
import { revisionOf } from '../repositories/carts.ts';
import { decideApproval } from './approval.ts';
import type { Caller, OrderContext } from './context.ts';
import { orderErrors } from './errors.ts';
import type { OrderDoc, PaymentMethod, ShippingAddress } from './model.ts';
import { orderPlaced, orderTotalEvent } from './order-events.ts';
import { lineProblemMessages, type PricedLine, pricedLine } from './priced-lines.ts';
import { computeTotals } from './totals.ts';

export interface CheckoutInput {
  shippingAddress: Omit<ShippingAddress, 'line2'> & { line2?: string | null };
  paymentMethod: PaymentMethod;
  poNumber?: string;
  costCenter?: string;
  cardToken?: string;
  note?: string;
}

export async function placeOrder(ctx: OrderContext, caller: Caller, input: CheckoutInput): Promise<OrderDoc> {
  if (input.paymentMethod === 'card' && !input.cardToken) {
    throw errors.badRequest('A card payment needs a cardToken', 'CARD_TOKEN_REQUIRED', [
      { path: '/cardToken', message: 'is required when paymentMethod is card' },
    ]);
  }
  const company = await ctx.repos.companies.find(caller.companyId);
  if (company?.status === 'on_hold') throw orderErrors.companyOnHold();
  const cart = await ctx.repos.carts.find(caller.userId, caller.companyId);
  if (!cart || cart.items.length === 0) throw orderErrors.emptyCart();

  // The order charges exactly what the product service quotes now, not what the cart remembered.
  const quote = await ctx.prices.quote(
    caller.companyId,
    cart.items.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    { fresh: true },
  );
  const problems: { path: string; message: string }[] = [];
  const lines: PricedLine[] = [];
  quote.lines.forEach((quoted, index) => {
    const messages = lineProblemMessages(quoted);
    const priced = pricedLine(quoted);
    if (messages.length > 0 || !priced) {
      problems.push(
        ...messages.map((message) => ({ path: `/items/${index}`, message: `${quoted.sku}: ${message}` })),
      );
    } else {
      lines.push(priced);
    }
  });
  if (problems.length > 0) throw orderErrors.notOrderable(problems);

  const totals = computeTotals(
    lines.map((l) => l.lineTotal),
    { country: company?.country ?? null, vatId: company?.vatId ?? null },
    ctx.rules,
  );
  const member = await ctx.repos.members.find(caller.userId);
  const decision = decideApproval({ total: totals.total }, member, company);
  const now = ctx.now();
  const order: OrderDoc = {
    _id: randomUUID(),
    orderNumber: await ctx.repos.orderNumbers.next(now),
    companyId: caller.companyId,
    userId: caller.userId,
    status: decision.status,
    items: lines.map((l) => ({
      sku: l.sku,
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      unitPrice: toStoredMoney(l.unitPrice),
      lineTotal: toStoredMoney(l.lineTotal),
    })),
    subtotal: toStoredMoney(totals.subtotal),
    tax: toStoredMoney(totals.tax),
    taxRate: totals.taxRate,
    taxNote: totals.taxNote,
    shipping: toStoredMoney(totals.shipping),
    total: toStoredMoney(totals.total),
    shippingAddress: { ...input.shippingAddress, line2: input.shippingAddress.line2 ?? null },
    paymentMethod: input.paymentMethod,
    cardToken: input.paymentMethod === 'card' ? (input.cardToken ?? null) : null,
    poNumber: input.poNumber ?? null,
    costCenter: input.costCenter ?? null,
    note: input.note ?? null,
    paymentStatus: 'none',
    cancellationReason: null,
    approvalReasons: decision.reasons,
    approvals: [],
    history: [
      { status: decision.status, at: now, by: caller.userId, reason: decision.reasons.join(',') || null },
    ],
    saga: { stock: null, payment: null },
    pendingDeadline:
      decision.status === 'pending' ? new Date(now.getTime() + ctx.rules.pendingDeadlineMs) : null,
    shipment: null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.transaction(async (tx) => {
    await ctx.repos.orders.insert(order, tx.session);
    if (order.status === 'pending') tx.stage('order.placed', orderPlaced(order));
    else tx.stage('order.awaiting_approval', orderTotalEvent(order));
    // Only the cart that was priced: a line added meanwhile, or a second checkout of the same
    // cart racing this one, aborts the transaction (no order, no event) instead of ordering twice.
    const cleared = await ctx.repos.carts.clearIfUnchanged(
      caller.userId,
      caller.companyId,
      revisionOf(cart),
      now,
      tx.session,
    );
    if (!cleared) throw orderErrors.cartChangedDuringCheckout();
  });
  ctx.log.info({ orderId: order._id, orderNumber: order.orderNumber, status: order.status }, 'order placed');
  return order;
}
