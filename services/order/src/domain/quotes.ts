/**
 * Requests for quote, the buyer's side (api.md): a member asks for prices on lines or the whole
 * cart, with target prices and a note; both sides write in the quote's thread; the requester or a
 * company admin accepts the offer — an order at exactly the offered prices, through the approval
 * rules and the usual saga — or declines it. An offer past `validUntil` cannot be accepted (409).
 * Buyers see their own quotes, approvers and company admins the company's; another company's is 404.
 */
import { randomUUID } from 'node:crypto';
import { fromStoredMoney, storedMoneyFromJson } from '@b2b/shared/db';
import type { MoneyJson } from '@b2b/shared/money';
import type { QuoteDoc, QuoteMessage, QuoteStatus } from '../repositories/quotes.ts';
import type { Caller, OrderContext } from './context.ts';
import { orderErrors } from './errors.ts';
import type { OrderDoc } from './model.ts';
import { assertMayOrder, type CheckoutInput, createOrder } from './order-placement.ts';
import { pricedLine } from './priced-lines.ts';
import { quoteErrors } from './quote-errors.ts';
import {
  quoteAccepted,
  quoteDeclined,
  quoteExpired,
  quoteMessagePosted,
  quoteRequested,
} from './quote-events.ts';

export const MAX_QUOTE_LINES = 200;
export const MAX_QUOTE_MESSAGES = 200;
/** States in which the negotiation is still open. */
export const OPEN_QUOTE_STATES: readonly QuoteStatus[] = ['requested', 'offered'];

export interface QuoteRequestInput {
  items?: { sku: string; quantity: number; targetPrice?: MoneyJson }[];
  fromCart?: boolean;
  note?: string;
}

/** The catalogue's spelling, product id and name for each requested line; unknown skus are a 400. */
export async function resolveQuoteLines(
  ctx: OrderContext,
  companyId: string,
  lines: { sku: string; quantity: number }[],
  field: string,
) {
  const quote = await ctx.prices.quote(
    companyId,
    lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  );
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const resolved = lines.map((l, index) => {
    const quoted = quote.lines[index];
    const priced = quoted ? pricedLine(quoted) : undefined;
    if (!priced) {
      problems.push({ path: `/${field}/${index}/sku`, message: `${l.sku}: unknown sku` });
      return null;
    }
    if (seen.has(priced.sku.toUpperCase())) {
      problems.push({ path: `/${field}/${index}/sku`, message: `${l.sku}: listed twice` });
    }
    seen.add(priced.sku.toUpperCase());
    return {
      sku: priced.sku,
      productId: priced.productId,
      name: priced.name,
      currency: priced.unitPrice.currency,
    };
  });
  if (problems.length > 0) throw quoteErrors.lines(problems);
  return resolved.map((r) => r!);
}

export async function requestQuote(
  ctx: OrderContext,
  caller: Caller,
  input: QuoteRequestInput,
): Promise<QuoteDoc> {
  let asked = input.items ?? [];
  if (input.fromCart) {
    if (input.items)
      throw quoteErrors.lines([{ path: '/items', message: 'give items or fromCart, not both' }]);
    const cart = await ctx.repos.carts.find(caller.userId, caller.companyId);
    if (!cart || cart.items.length === 0) throw orderErrors.emptyCart();
    asked = cart.items.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  }
  if (asked.length === 0) throw quoteErrors.lines([{ path: '/items', message: 'at least one line' }]);
  if (asked.length > MAX_QUOTE_LINES) {
    throw quoteErrors.lines([{ path: '/items', message: `at most ${MAX_QUOTE_LINES} lines` }]);
  }
  const resolved = await resolveQuoteLines(ctx, caller.companyId, asked, 'items');
  asked.forEach((line, index) => {
    const currency = resolved[index]!.currency;
    if (line.targetPrice && line.targetPrice.currency !== currency) {
      throw quoteErrors.currency(`/items/${index}/targetPrice/currency`, currency);
    }
  });
  const now = ctx.now();
  const quote: QuoteDoc = {
    _id: randomUUID(),
    number: await ctx.repos.orderNumbers.next(now, 'quotes'),
    companyId: caller.companyId,
    userId: caller.userId,
    status: 'requested',
    items: asked.map((line, index) => ({
      sku: resolved[index]!.sku,
      productId: resolved[index]!.productId,
      name: resolved[index]!.name,
      quantity: line.quantity,
      targetPrice: line.targetPrice
        ? storedMoneyFromJson(line.targetPrice, { precision: 'price', sign: 'positive' })
        : null,
    })),
    note: input.note?.trim() || null,
    offer: null,
    messages: [],
    orderId: null,
    orderNumber: null,
    declineReason: null,
    history: [{ status: 'requested', at: now, by: caller.userId }],
    createdAt: now,
    updatedAt: now,
  };
  await ctx.transaction(async (tx) => {
    await ctx.repos.quotes.insert(quote, tx.session);
    tx.stage('quote.requested', quoteRequested(quote));
  });
  ctx.log.info({ quoteId: quote._id, number: quote.number, companyId: quote.companyId }, 'quote requested');
  return quote;
}

/** A quote the caller may see: buyers their own, approvers and company admins the company's. */
export async function companyQuote(ctx: OrderContext, caller: Caller, id: string): Promise<QuoteDoc> {
  const quote = await ctx.repos.quotes.findInCompany(id, caller.companyId);
  if (!quote || (caller.companyRole === 'buyer' && quote.userId !== caller.userId))
    throw quoteErrors.notFound();
  return quote;
}

export function listCompanyQuotes(
  ctx: OrderContext,
  caller: Caller,
  query: { status?: QuoteStatus; page: number; limit: number },
) {
  return ctx.repos.quotes.list(
    {
      companyId: caller.companyId,
      ...(caller.companyRole === 'buyer' ? { userId: caller.userId } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    query,
  );
}

/** Appends to the thread while the negotiation is open; the supplier's staff write as `supplier`. */
export async function postQuoteMessage(
  ctx: OrderContext,
  author: { userId: string; side: 'buyer' | 'supplier' },
  quote: QuoteDoc,
  text: string,
): Promise<QuoteDoc> {
  if (!OPEN_QUOTE_STATES.includes(quote.status)) throw quoteErrors.closed(quote.status);
  // A bound against a runaway thread, not an exact count: two messages at once may both pass it.
  if (quote.messages.length >= MAX_QUOTE_MESSAGES) throw quoteErrors.tooManyMessages(MAX_QUOTE_MESSAGES);
  const message: QuoteMessage = {
    id: randomUUID(),
    authorId: author.userId,
    side: author.side,
    text: text.trim(),
    at: ctx.now(),
  };
  // The message and its event commit together: the other side is told exactly once.
  const updated = await ctx.transaction(async (tx) => {
    const after = await ctx.repos.quotes.transition(
      quote._id,
      OPEN_QUOTE_STATES,
      { push: { messages: message }, by: author.userId },
      ctx.now(),
      tx.session,
    );
    if (after) tx.stage('quote.message_posted', quoteMessagePosted(after, message));
    return after;
  });
  if (updated) return updated;
  const current = (await ctx.repos.quotes.findById(quote._id)) ?? quote;
  throw quoteErrors.closed(current.status);
}

function assertRequesterOrAdmin(caller: Caller, quote: QuoteDoc): void {
  if (quote.userId !== caller.userId && caller.companyRole !== 'company_admin')
    throw quoteErrors.notRequester();
}

/** Marks one offer past its validity as expired (once) and tells both sides; true if it did. */
export async function expireOffer(ctx: OrderContext, quote: QuoteDoc): Promise<boolean> {
  const offer = quote.offer;
  if (!offer) return false;
  return ctx.transaction(async (tx) => {
    const now = ctx.now();
    const expired = await ctx.repos.quotes.transition(
      quote._id,
      ['offered'],
      { status: 'expired', by: null },
      now,
      tx.session,
      { 'offer.validUntil': { $lte: now } },
    );
    if (expired) tx.stage('quote.expired', quoteExpired(expired, offer));
    return expired !== null;
  });
}

/**
 * Accepts the offer: an order at exactly the offered prices (approval rules, budget and saga as
 * for any order). The quote's move to `accepted` is part of the order's transaction and
 * conditional on the offer still standing, so two acceptances, or an acceptance racing the
 * expiry job or a new offer, never make two orders or one from a dead offer.
 */
export async function acceptQuote(
  ctx: OrderContext,
  caller: Caller,
  id: string,
  input: CheckoutInput,
): Promise<{ quote: QuoteDoc; order: OrderDoc }> {
  const quote = await companyQuote(ctx, caller, id);
  assertRequesterOrAdmin(caller, quote);
  if (quote.status === 'expired' && quote.offer) throw quoteErrors.expired(quote.offer.validUntil);
  if (quote.status !== 'offered' || !quote.offer) throw quoteErrors.invalidState(quote.status, 'accepted');
  const offer = quote.offer;
  if (offer.validUntil.getTime() <= ctx.now().getTime()) {
    await expireOffer(ctx, quote);
    throw quoteErrors.expired(offer.validUntil);
  }
  const company = await assertMayOrder(ctx, caller, input);
  const lines = offer.items.map((i) => ({
    sku: i.sku,
    productId: i.productId,
    name: i.name,
    quantity: i.quantity,
    unitPrice: fromStoredMoney(i.unitPrice),
    lineTotal: fromStoredMoney(i.lineTotal),
  }));
  const result: { accepted: QuoteDoc | null } = { accepted: null };
  const order = await createOrder(
    ctx,
    caller,
    company,
    input,
    lines,
    async (tx, placed) => {
      const now = ctx.now();
      const accepted = await ctx.repos.quotes.transition(
        quote._id,
        ['offered'],
        {
          status: 'accepted',
          set: { orderId: placed._id, orderNumber: placed.orderNumber },
          by: caller.userId,
        },
        now,
        tx.session,
        // The very offer the caller saw, still valid.
        { 'offer.offeredAt': offer.offeredAt, 'offer.validUntil': { $gt: now } },
      );
      // Throwing aborts the transaction: no order without the quote's acceptance.
      if (!accepted) throw quoteErrors.invalidState('no longer offered as shown', 'accepted');
      tx.stage('quote.accepted', quoteAccepted(accepted, placed, caller.userId));
      result.accepted = accepted;
    },
    { quoteId: quote._id },
  );
  ctx.log.info({ quoteId: quote._id, orderId: order._id }, 'quote accepted');
  return { quote: result.accepted!, order };
}

export async function declineQuote(
  ctx: OrderContext,
  caller: Caller,
  id: string,
  reason: string | null,
): Promise<QuoteDoc> {
  const quote = await companyQuote(ctx, caller, id);
  assertRequesterOrAdmin(caller, quote);
  const declined = await ctx.transaction(async (tx) => {
    const moved = await ctx.repos.quotes.transition(
      quote._id,
      OPEN_QUOTE_STATES,
      { status: 'declined', set: { declineReason: reason }, by: caller.userId },
      ctx.now(),
      tx.session,
    );
    if (moved) tx.stage('quote.declined', quoteDeclined(moved, caller.userId, reason));
    return moved;
  });
  if (!declined) {
    const current = (await ctx.repos.quotes.findById(quote._id)) ?? quote;
    throw quoteErrors.invalidState(current.status, 'declined');
  }
  return declined;
}
