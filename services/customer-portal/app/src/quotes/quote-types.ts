/** A request for quote as the order service answers it (services/order/src/schemas/quotes.ts). */
// The JSX-free module of the kit, so node-side tests of these helpers type-check without the DOM.
import type { MoneyValue } from '@b2b/web-kit/ui/format';

export type QuoteStatus = 'requested' | 'offered' | 'accepted' | 'declined' | 'expired';

export interface QuoteMessage {
  readonly id: string;
  readonly authorId: string;
  readonly side: 'buyer' | 'supplier';
  readonly text: string;
  readonly at: string;
}

export interface QuoteOffer {
  readonly items: readonly {
    sku: string;
    name: string;
    quantity: number;
    unitPrice: MoneyValue;
    lineTotal: MoneyValue;
  }[];
  readonly subtotal: MoneyValue;
  readonly validUntil: string;
  readonly message: string | null;
  readonly offeredAt: string;
}

export interface Quote {
  readonly id: string;
  readonly number: string;
  readonly companyId: string;
  readonly userId: string;
  readonly status: QuoteStatus;
  readonly items: readonly { sku: string; name: string; quantity: number; targetPrice: MoneyValue | null }[];
  readonly note: string | null;
  readonly offer: QuoteOffer | null;
  readonly messages: readonly QuoteMessage[];
  readonly orderId: string | null;
  readonly orderNumber: string | null;
  readonly declineReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const quoteStatusLabels: Record<QuoteStatus, string> = {
  requested: 'Requested',
  offered: 'Offer received',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
};

/**
 * Whether the offer can still be accepted: offered and not past `validUntil` (the expiry job may
 * not have run yet; the API refuses a late accept with 409 QUOTE_EXPIRED either way).
 */
export function isAcceptable(quote: Quote, now = Date.now()): boolean {
  return quote.status === 'offered' && quote.offer !== null && Date.parse(quote.offer.validUntil) > now;
}

/** Expired by the job, or past its date and not yet swept. */
export function isExpired(quote: Quote, now = Date.now()): boolean {
  return (
    quote.status === 'expired' ||
    (quote.status === 'offered' && quote.offer !== null && Date.parse(quote.offer.validUntil) <= now)
  );
}
