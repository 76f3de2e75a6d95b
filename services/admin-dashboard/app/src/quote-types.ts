/**
 * A request for quote as the order service answers it (services/order/src/schemas/quotes.ts); the
 * portal has the same shape in its own app (the apps share no code beyond the web kit).
 */
import type { MoneyValue } from '@b2b/web-kit/ui/format';

export type QuoteStatus = 'requested' | 'offered' | 'accepted' | 'declined' | 'expired';

export interface Quote {
  readonly id: string;
  readonly number: string;
  readonly companyId: string;
  readonly userId: string;
  readonly status: QuoteStatus;
  readonly items: readonly { sku: string; name: string; quantity: number; targetPrice: MoneyValue | null }[];
  readonly note: string | null;
  readonly offer: {
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
  } | null;
  readonly messages: readonly {
    id: string;
    authorId: string;
    side: 'buyer' | 'supplier';
    text: string;
    at: string;
  }[];
  readonly orderId: string | null;
  readonly orderNumber: string | null;
  readonly declineReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

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
