/**
 * Priced lines → a new order: the one way an order comes to be, whether from the cart (checkout.ts)
 * or from an accepted quote (quotes.ts). The approval decision (spending limit, monthly budget, the
 * company's rules), the order, its first event and the caller's own writes commit in one
 * transaction; for a member with a budget the transaction first takes the member's budget lock,
 * so concurrent checkouts are decided one after the other against the month's spend.
 */
import { randomUUID } from 'node:crypto';
import { fromStoredMoney, toStoredMoney } from '@b2b/shared/db';
import { errors } from '@b2b/shared/errors';
import type { Money } from '@b2b/shared/money';
import { type ApprovalDecision, decideApproval } from './approval.ts';
import { spentThisMonth } from './budget.ts';
import { approvalRulesOf, checkedCostCenter } from './company-settings.ts';
import type { Caller, OrderContext, Transaction } from './context.ts';
import { orderErrors } from './errors.ts';
import type {
  CompanyProjection,
  MemberProjection,
  OrderDoc,
  PaymentMethod,
  ShippingAddress,
} from './model.ts';
import { orderPlaced, orderTotalEvent } from './order-events.ts';
import type { PricedLine } from './priced-lines.ts';
import { companyOf, memberOf } from './projections.ts';
import { computeTotals } from './totals.ts';

export interface CheckoutInput {
  shippingAddress: Omit<ShippingAddress, 'line2'> & { line2?: string | null };
  paymentMethod: PaymentMethod;
  poNumber?: string;
  costCenter?: string;
  cardToken?: string;
  note?: string;
}

/** What every order needs before any pricing: a card token for card payments, a company not on hold. */
export async function assertMayOrder(
  ctx: OrderContext,
  caller: Caller,
  input: CheckoutInput,
): Promise<CompanyProjection | null> {
  if (input.paymentMethod === 'card' && !input.cardToken) {
    throw errors.badRequest('A card payment needs a cardToken', 'CARD_TOKEN_REQUIRED', [
      { path: '/cardToken', message: 'is required when paymentMethod is card' },
    ]);
  }
  const company = await companyOf(ctx, caller.companyId);
  if (company?.status === 'on_hold') throw orderErrors.companyOnHold();
  return company;
}

export async function createOrder(
  ctx: OrderContext,
  caller: Caller,
  company: CompanyProjection | null,
  input: CheckoutInput,
  lines: PricedLine[],
  /** The caller's own writes and events in the order's transaction (empty the cart, accept a quote). */
  alongside: (tx: Transaction, order: OrderDoc) => Promise<void>,
  /** Where the order comes from when not the cart: the accepted quote. */
  origin: { quoteId: string } | null = null,
): Promise<OrderDoc> {
  const totals = computeTotals(
    lines.map((l) => l.lineTotal),
    { country: company?.country ?? null, vatId: company?.vatId ?? null },
    ctx.rules,
  );
  const costCenter = await checkedCostCenter(ctx, caller.companyId, input.costCenter);
  const member = await memberOf(ctx, caller.userId);
  const orderNumber = await ctx.repos.orderNumbers.next(ctx.now());
  const orderId = randomUUID();
  const order = await ctx.transaction(async (tx) => {
    const decision = await approvalDecision(ctx, tx, caller, member, company, totals.total);
    const now = ctx.now();
    const doc: OrderDoc = {
      _id: orderId,
      orderNumber,
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
      costCenter,
      note: input.note ?? null,
      paymentStatus: 'none',
      cancellationReason: null,
      approvalReasons: decision.reasons,
      approvalLevels: decision.levels,
      approvals: [],
      history: [
        { status: decision.status, at: now, by: caller.userId, reason: decision.reasons.join(',') || null },
      ],
      saga: { stock: null, payment: null },
      pendingDeadline:
        decision.status === 'pending' ? new Date(now.getTime() + ctx.rules.pendingDeadlineMs) : null,
      shipment: null,
      quoteId: origin?.quoteId ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.repos.orders.insert(doc, tx.session);
    if (doc.status === 'pending') tx.stage('order.placed', orderPlaced(doc));
    else tx.stage('order.awaiting_approval', orderTotalEvent(doc));
    await alongside(tx, doc);
    return doc;
  });
  ctx.log.info({ orderId: order._id, orderNumber: order.orderNumber, status: order.status }, 'order placed');
  return order;
}

/**
 * THE approval decision of an order of `who` totalling `total`, in the transaction that writes it:
 * the company's rules, and for a member with a monthly budget the month's spend, read under the
 * member's budget lock so concurrent orders are decided one after the other.
 */
async function approvalDecision(
  ctx: OrderContext,
  tx: Transaction,
  who: { userId: string; companyId: string },
  known: MemberProjection | null,
  company: CompanyProjection | null,
  total: Money,
): Promise<ApprovalDecision> {
  let member = known;
  // The member's lock is the transaction's first write whenever the decision depends on what
  // another transaction may be writing: the month's spend (a monthly budget), or a member not
  // known yet. member.updated's handler takes the same lock before it looks for orders held as
  // buyer_unknown, so either this checkout reads the member's snapshot here, or the handler sees
  // this order; without it, a snapshot landing during this checkout left the order held for good.
  if (!member || member.monthlyBudget) {
    await ctx.repos.memberLocks.take(who.userId, tx.session);
    member ??= await ctx.repos.members.find(who.userId, tx.session);
  }
  if (!member?.monthlyBudget) {
    const rules = await approvalRulesOf(ctx, who.companyId, tx.session);
    return decideApproval({ total }, member, company, { rules });
  }
  const rules = await approvalRulesOf(ctx, who.companyId, tx.session);
  const spent = await spentThisMonth(ctx, who.userId, total.currency, tx.session);
  return decideApproval({ total }, member, company, { rules, spentThisMonth: spent });
}

/**
 * The member's snapshot has arrived (member.updated, in its handler's transaction): their orders
 * held only because the buyer was unknown, and not approved by anyone yet, are decided now as a
 * checkout would have decided them. Without this, an order placed while the user service could
 * not answer (projections.ts) waited for an approval that, in a one-person company, nobody may
 * give (a buyer never approves their own order). Orders held for any other reason are left as
 * they are (changing rules or limits does not re-decide waiting orders).
 */
export async function decideOrdersHeldForUnknownBuyer(
  ctx: OrderContext,
  tx: Transaction,
  userId: string,
): Promise<void> {
  // The member's lock (see approvalDecision): a checkout deciding without this member right now
  // either commits first (its held order is found below) or reads the snapshot written here.
  await ctx.repos.memberLocks.take(userId, tx.session);
  const held = await ctx.repos.orders.heldForUnknownBuyer(userId, tx.session);
  if (held.length === 0) return;
  const member = await ctx.repos.members.find(userId, tx.session);
  if (!member || member.status === 'removed') return;
  for (const order of held) {
    const company = await ctx.repos.companies.find(order.companyId, tx.session);
    const decision = await approvalDecision(ctx, tx, order, member, company, fromStoredMoney(order.total));
    const now = ctx.now();
    const untouched = { approvals: { $size: 0 } };
    if (decision.status === 'pending') {
      const moved = await ctx.repos.orders.transition(
        order._id,
        ['awaiting_approval'],
        {
          status: 'pending',
          set: {
            approvalReasons: [],
            approvalLevels: [],
            pendingDeadline: new Date(now.getTime() + ctx.rules.pendingDeadlineMs),
          },
          history: { status: 'pending', at: now, by: null, reason: 'buyer_known' },
        },
        now,
        tx.session,
        untouched,
      );
      if (moved) tx.stage('order.placed', orderPlaced(moved));
    } else {
      await ctx.repos.orders.transition(
        order._id,
        ['awaiting_approval'],
        { set: { approvalReasons: decision.reasons, approvalLevels: decision.levels } },
        now,
        tx.session,
        untouched,
      );
    }
    ctx.log.info({ orderId: order._id, status: decision.status }, 'order held for an unknown buyer decided');
  }
}
