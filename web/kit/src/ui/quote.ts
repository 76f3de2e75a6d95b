/**
 * A request for quote as the order service answers it (services/order/src/schemas/quotes.ts): one
 * definition for the buyer's screens (portal) and the supplier's (admin dashboard). JSX-free, so
 * node-side tests of the apps' quote helpers type-check without the DOM.
 */
import type { MoneyValue } from './format.ts';

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
