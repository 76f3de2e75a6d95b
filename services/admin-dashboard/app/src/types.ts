/** The API answers the dashboard reads (api.md; the owning services' response schemas). */
import type { MoneyValue } from '@b2b/web-kit/ui';

export interface PriceTier {
  readonly minQuantity: number;
  readonly price: MoneyValue;
}

export interface ProductImage {
  readonly id: string;
  readonly url: string;
  readonly thumbnailUrl: string;
  readonly alt: string;
}

export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string;
  readonly brand: string;
  readonly categoryIds: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly images: readonly ProductImage[];
  readonly listPrice: MoneyValue;
  readonly price: MoneyValue;
  readonly priceTiers: readonly PriceTier[];
  readonly minOrderQuantity: number;
  readonly orderMultiple: number;
  readonly stock: { readonly available: number; readonly status: 'in_stock' | 'low_stock' | 'out_of_stock' };
  readonly status: 'draft' | 'active' | 'archived';
}

export interface CategoryNode {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly children: readonly CategoryNode[];
}

export interface Inventory {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly lowStockThreshold: number;
}

export interface PriceListSummary {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly updatedAt: string;
}

export interface PriceList extends PriceListSummary {
  readonly entries: readonly { sku: string; price: MoneyValue; tiers: readonly PriceTier[] }[];
}

export interface OrderLine {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: MoneyValue;
  readonly lineTotal: MoneyValue;
}

export interface Order {
  readonly id: string;
  readonly orderNumber: string;
  readonly companyId: string;
  readonly userId: string;
  readonly status: string;
  readonly items: readonly OrderLine[];
  readonly subtotal: MoneyValue;
  readonly tax: MoneyValue;
  readonly shipping: MoneyValue;
  readonly total: MoneyValue;
  readonly shippingAddress: {
    line1: string;
    line2?: string | null;
    city: string;
    postalCode: string;
    country: string;
  };
  readonly paymentMethod: 'invoice' | 'card';
  readonly paymentStatus: string;
  readonly poNumber: string | null;
  readonly cancellationReason: string | null;
  readonly history: readonly { status: string; at: string; by?: string | null; reason?: string | null }[];
  readonly shipment?: { carrier: string; trackingNumber: string } | null;
  readonly createdAt: string;
}

export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly method: 'invoice' | 'card';
  readonly status: string;
  readonly amount: MoneyValue;
  readonly capturedAmount: MoneyValue;
  readonly refundedAmount: MoneyValue;
}

export interface Company {
  readonly id: string;
  readonly name: string;
  readonly status: 'active' | 'on_hold';
  readonly paymentTerms: 'prepaid' | 'net30' | 'net60';
  readonly creditLimit: MoneyValue;
  readonly creditUsed: MoneyValue;
  readonly priceListId: string | null;
  readonly country: string | null;
  readonly vatId: string | null;
  readonly createdAt: string;
}

export interface AdminUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly status: 'active' | 'invited' | 'disabled';
  readonly roles: readonly string[];
  readonly companyId: string | null;
  readonly companyRole: string | null;
  readonly createdAt: string;
}

export type TemplateChannel = 'email' | 'sms' | 'in_app';

/** One template: a kind × channel × locale (an SMS has only text, an in-app entry no HTML). */
export interface Template {
  readonly key: string;
  readonly channel: TemplateChannel;
  readonly locale: string;
  readonly description: string;
  readonly audience: string;
  readonly security: boolean;
  readonly placeholders: readonly string[];
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
  readonly customized: boolean;
  /** The locale whose template is shown because this one has none of its own, else null. */
  readonly fallbackLocale: string | null;
  readonly updatedAt: string | null;
}

export interface Delivery {
  readonly id: string;
  readonly channel: 'email' | 'sms' | 'in_app';
  readonly to: string;
  readonly template: string;
  readonly event: string;
  readonly status: 'sending' | 'sent' | 'failed' | 'suppressed';
  readonly attempts: number;
  readonly error?: string;
  readonly at: string;
}

export interface MailboxMessage {
  readonly id: string;
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly subject: string | null;
  readonly text: string;
  readonly html: string | null;
  readonly at: string;
}
