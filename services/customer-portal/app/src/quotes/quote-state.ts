/** The buyer's view of a quote: status words and offer state (the Quote type itself is the web kit's). */
import type { Quote, QuoteStatus } from '@b2b/web-kit/ui/quote';

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
