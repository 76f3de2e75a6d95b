/**
 * Requests for quote, the supplier's side: the platform's staff see the queue, offer prices per
 * line with a validity date (a new offer replaces the standing one while the buyer has not
 * decided), and write in the thread. Offers past `validUntil` are expired by a job.
 */
import { randomUUID } from 'node:crypto';
import { toStoredMoney } from '@b2b/shared/db';
import { fromJson, type MoneyJson, multiply, sum } from '@b2b/shared/money';
import type { QuoteDoc, QuoteOffer, QuoteStatus } from '../repositories/quotes.ts';
import type { OrderContext } from './context.ts';
import { quoteErrors } from './quote-errors.ts';
import { quoteOffered } from './quote-events.ts';
import { expireOffer, OPEN_QUOTE_STATES, resolveQuoteLines } from './quotes.ts';

/** An offer is valid for at most this long. */
const MAX_VALIDITY_MS = 366 * 24 * 3600 * 1000;

export interface OfferInput {
  items: { sku: string; quantity: number; unitPrice: MoneyJson }[];
  validUntil: string;
  message?: string;
}

export async function quoteForAdmin(ctx: OrderContext, id: string): Promise<QuoteDoc> {
  const quote = await ctx.repos.quotes.findById(id);
  if (!quote) throw quoteErrors.notFound();
  return quote;
}

export function listAllQuotes(
  ctx: OrderContext,
  query: { status?: QuoteStatus; companyId?: string; page: number; limit: number },
) {
  const { page, limit, ...filter } = query;
  return ctx.repos.quotes.list(filter, { page, limit });
}

export async function offerQuote(
  ctx: OrderContext,
  adminId: string,
  id: string,
  input: OfferInput,
): Promise<QuoteDoc> {
  const quote = await quoteForAdmin(ctx, id);
  if (!OPEN_QUOTE_STATES.includes(quote.status)) throw quoteErrors.invalidState(quote.status, 'offered');
  const now = ctx.now();
  const validUntil = new Date(input.validUntil);
  if (!(validUntil.getTime() > now.getTime()) || validUntil.getTime() - now.getTime() > MAX_VALIDITY_MS) {
    throw quoteErrors.validity();
  }
  // Orders are charged in the shop's currency (the shipping fee's): an offer is too.
  const currency = ctx.rules.shippingFee.currency;
  input.items.forEach((item, index) => {
    if (item.unitPrice.currency !== currency)
      throw quoteErrors.currency(`/items/${index}/unitPrice/currency`, currency);
  });
  const resolved = await resolveQuoteLines(ctx, quote.companyId, input.items, 'items');
  const items = input.items.map((item, index) => {
    const unitPrice = fromJson(item.unitPrice, { precision: 'price', sign: 'positive' });
    const lineTotal = multiply(unitPrice, item.quantity);
    return {
      sku: resolved[index]!.sku,
      productId: resolved[index]!.productId,
      name: resolved[index]!.name,
      quantity: item.quantity,
      unitPrice: toStoredMoney(unitPrice),
      lineTotal: toStoredMoney(lineTotal),
      amount: lineTotal,
    };
  });
  const offer: QuoteOffer = {
    items: items.map(({ amount: _amount, ...line }) => line),
    subtotal: toStoredMoney(
      sum(
        items.map((i) => i.amount),
        currency,
      ),
    ),
    validUntil,
    message: input.message?.trim() || null,
    offeredBy: adminId,
    offeredAt: now,
  };
  const offered = await ctx.transaction(async (tx) => {
    const moved = await ctx.repos.quotes.transition(
      quote._id,
      OPEN_QUOTE_STATES,
      {
        status: 'offered',
        set: { offer },
        // The offer's message is also the supplier's word in the thread.
        ...(offer.message
          ? {
              push: {
                messages: {
                  id: randomUUID(),
                  authorId: adminId,
                  side: 'supplier',
                  text: offer.message,
                  at: now,
                },
              },
            }
          : {}),
        by: adminId,
      },
      now,
      tx.session,
    );
    if (moved) tx.stage('quote.offered', quoteOffered(moved, offer));
    return moved;
  });
  if (!offered) {
    const current = (await ctx.repos.quotes.findById(id)) ?? quote;
    throw quoteErrors.invalidState(current.status, 'offered');
  }
  ctx.log.info({ quoteId: id, validUntil: validUntil.toISOString(), by: adminId }, 'quote offered');
  return offered;
}

/** The expiry job's sweep: every offer past its validity becomes `expired` (once), quote.expired told. */
export async function expireStaleOffers(ctx: OrderContext, limit = 100): Promise<number> {
  let expired = 0;
  for (const quote of await ctx.repos.quotes.pastValidity(ctx.now(), limit)) {
    if (await expireOffer(ctx, quote)) expired++;
  }
  return expired;
}
