/** The supplier's words for a quote's status (the Quote type itself is the web kit's). */
import type { QuoteStatus } from '@b2b/web-kit/ui/quote';

export const quoteStatusOptions = [
  { value: 'requested', label: 'Requested (waiting for an offer)' },
  { value: 'offered', label: 'Offered' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'declined', label: 'Declined' },
  { value: 'expired', label: 'Expired' },
] as const;

export function quoteStatusLabel(status: QuoteStatus): string {
  return quoteStatusOptions.find((o) => o.value === status)?.label ?? status;
}
