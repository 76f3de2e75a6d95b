/** Quote documents → response bodies (the offer's author and internal ids stay inside). */
import { storedMoneyToJson } from '@b2b/shared/db';
import type { Static } from 'typebox';
import type { QuoteDoc } from '../repositories/quotes.ts';
import type { Quote } from '../schemas/quotes.ts';

export function quoteView(quote: QuoteDoc): Static<typeof Quote> {
  const offer = quote.offer;
  return {
    id: quote._id,
    number: quote.number,
    companyId: quote.companyId,
    userId: quote.userId,
    status: quote.status,
    items: quote.items.map((i) => ({
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      targetPrice: i.targetPrice ? storedMoneyToJson(i.targetPrice) : null,
    })),
    note: quote.note,
    offer: offer
      ? {
          items: offer.items.map((i) => ({
            sku: i.sku,
            name: i.name,
            quantity: i.quantity,
            unitPrice: storedMoneyToJson(i.unitPrice),
            lineTotal: storedMoneyToJson(i.lineTotal),
          })),
          subtotal: storedMoneyToJson(offer.subtotal),
          validUntil: offer.validUntil.toISOString(),
          message: offer.message,
          offeredAt: offer.offeredAt.toISOString(),
        }
      : null,
    messages: quote.messages.map((m) => ({
      id: m.id,
      authorId: m.authorId,
      side: m.side,
      text: m.text,
      at: m.at.toISOString(),
    })),
    orderId: quote.orderId,
    orderNumber: quote.orderNumber,
    declineReason: quote.declineReason,
    history: quote.history.map((h) => ({ status: h.status, at: h.at.toISOString(), by: h.by })),
    createdAt: quote.createdAt.toISOString(),
    updatedAt: quote.updatedAt.toISOString(),
  };
}
