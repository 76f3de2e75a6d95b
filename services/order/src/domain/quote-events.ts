/** Quote documents → the payloads of the quote.* events (one builder per event). */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { storedMoneyToJson } from '@b2b/shared/db';
import type { QuoteDoc, QuoteOffer } from '../repositories/quotes.ts';
import type { OrderDoc } from './model.ts';

function ref(quote: QuoteDoc) {
  return { quoteId: quote._id, number: quote.number, companyId: quote.companyId, userId: quote.userId };
}

export function quoteRequested(quote: QuoteDoc): EventPayloads['quote.requested'] {
  return {
    ...ref(quote),
    items: quote.items.map((i) => ({
      sku: i.sku,
      quantity: i.quantity,
      ...(i.targetPrice ? { targetPrice: storedMoneyToJson(i.targetPrice) } : {}),
    })),
    ...(quote.note ? { note: quote.note } : {}),
  };
}

export function quoteOffered(quote: QuoteDoc, offer: QuoteOffer): EventPayloads['quote.offered'] {
  return {
    ...ref(quote),
    items: offer.items.map((i) => ({
      sku: i.sku,
      quantity: i.quantity,
      unitPrice: storedMoneyToJson(i.unitPrice),
    })),
    total: storedMoneyToJson(offer.subtotal),
    validUntil: offer.validUntil.toISOString(),
    ...(offer.message ? { message: offer.message } : {}),
  };
}

export function quoteAccepted(quote: QuoteDoc, order: OrderDoc, by: string): EventPayloads['quote.accepted'] {
  return {
    ...ref(quote),
    total: storedMoneyToJson(order.total),
    acceptedBy: by,
    orderId: order._id,
    orderNumber: order.orderNumber,
  };
}

export function quoteDeclined(
  quote: QuoteDoc,
  by: string,
  reason: string | null,
): EventPayloads['quote.declined'] {
  return { ...ref(quote), declinedBy: by, ...(reason ? { reason } : {}) };
}

/** The first 200 characters: a notification shows the start, the thread keeps the whole text. */
export function quoteMessagePosted(
  quote: QuoteDoc,
  message: { id: string; authorId: string; side: 'buyer' | 'supplier'; text: string },
): EventPayloads['quote.message_posted'] {
  const excerpt = message.text.length > 200 ? `${message.text.slice(0, 199)}…` : message.text;
  return { ...ref(quote), messageId: message.id, side: message.side, authorId: message.authorId, excerpt };
}

export function quoteExpired(quote: QuoteDoc, offer: QuoteOffer): EventPayloads['quote.expired'] {
  return { ...ref(quote), validUntil: offer.validUntil.toISOString() };
}
