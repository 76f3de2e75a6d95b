/** The API shapes this app reads (api.md "Identity", "Catalog", "Search", "Cart and orders", …). */
import type { MoneyValue } from '@b2b/web-kit/ui';

export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock';
export type CompanyRole = 'company_admin' | 'approver' | 'buyer';

export interface Category {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly children: readonly Category[];
}

export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description?: string;
  readonly brand?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly images: readonly { url: string; alt: string }[];
  readonly listPrice: MoneyValue;
  readonly price: MoneyValue;
  readonly priceTiers: readonly { minQuantity: number; price: MoneyValue }[];
  readonly minOrderQuantity: number;
  readonly orderMultiple: number;
  readonly stock: { available: number; status: StockStatus };
}

/** GET /search: a product summary (availability instead of the stock record) plus its score. */
export interface SearchItem {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly brand: string;
  readonly images: readonly { url: string; alt: string }[];
  readonly price: MoneyValue;
  readonly availability: StockStatus;
}

export interface SearchResult {
  readonly items: readonly SearchItem[];
  readonly total: number;
  readonly page: number;
  readonly limit: number;
  readonly facets: {
    readonly category: readonly { value: string; label: string; count: number }[];
    readonly brand: readonly { value: string; count: number }[];
    readonly price: readonly { from: string; to?: string; count: number }[];
    readonly availability: readonly { value: StockStatus; count: number }[];
  };
}

export interface Suggestion {
  readonly text: string;
  readonly kind: 'product' | 'brand' | 'category';
  readonly productId?: string;
  readonly sku?: string;
}

export interface CartLine {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: MoneyValue;
  readonly lineTotal: MoneyValue;
}

export interface CartWarning {
  readonly code: string;
  readonly sku: string | null;
  readonly message: string;
}

export interface Cart {
  readonly items: readonly CartLine[];
  readonly subtotal: MoneyValue;
  readonly tax: MoneyValue;
  readonly shipping: MoneyValue;
  readonly total: MoneyValue;
  readonly warnings: readonly CartWarning[];
}

/** POST /cart/items/bulk and POST /orders/:id/reorder. */
export interface BulkResult {
  readonly added: readonly { sku: string; quantity: number }[];
  readonly errors: readonly { line: number | null; sku: string; message: string }[];
}

export interface PostalAddress {
  readonly label?: string;
  readonly line1: string;
  readonly line2?: string | null;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface SavedAddress extends PostalAddress {
  readonly id: string;
  readonly label: string;
  readonly isDefault: boolean;
}

export type OrderStatus =
  | 'awaiting_approval'
  | 'pending'
  | 'confirmed'
  | 'shipped'
  | 'delivered'
  | 'rejected'
  | 'cancelled';

export interface Order {
  readonly id: string;
  readonly orderNumber: string;
  readonly userId: string;
  readonly status: OrderStatus;
  readonly items: readonly {
    sku: string;
    name: string;
    quantity: number;
    unitPrice: MoneyValue;
    lineTotal: MoneyValue;
  }[];
  readonly subtotal: MoneyValue;
  readonly tax: MoneyValue;
  readonly shipping: MoneyValue;
  readonly total: MoneyValue;
  readonly shippingAddress: PostalAddress;
  readonly poNumber: string | null;
  readonly costCenter: string | null;
  readonly paymentMethod: 'invoice' | 'card';
  readonly paymentStatus: string;
  readonly cancellationReason: string | null;
  readonly approvalReasons: readonly string[];
  readonly history: readonly { status: OrderStatus; at: string; by: string | null; reason: string | null }[];
  readonly shipment: { carrier: string; trackingNumber: string } | null;
  readonly createdAt: string;
}

export interface UserProfile {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly phone: string | null;
  readonly companyId: string | null;
  readonly companyRole: CompanyRole | null;
  readonly spendingLimit: MoneyValue | null;
}

export interface Member {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly companyRole: CompanyRole;
  readonly spendingLimit: MoneyValue | null;
  readonly status: 'active' | 'invited' | 'disabled';
}

export interface Company {
  readonly id: string;
  readonly name: string;
  readonly paymentTerms: string;
  readonly creditLimit: MoneyValue;
  readonly creditUsed: MoneyValue;
  readonly members: readonly Member[];
}

export interface Invoice {
  readonly id: string;
  readonly orderId: string;
  readonly number: string;
  readonly amount: MoneyValue;
  readonly issuedAt: string;
  readonly dueDate: string;
  readonly status: 'open' | 'paid' | 'overdue';
}

export interface InboxItem {
  readonly id: string;
  readonly subject: string;
  readonly text: string;
  readonly read: boolean;
  readonly createdAt: string;
}

export const stockLabel: Record<StockStatus, string> = {
  in_stock: 'In stock',
  low_stock: 'Low stock',
  out_of_stock: 'Out of stock',
};

export const orderStatusLabel: Record<OrderStatus, string> = {
  awaiting_approval: 'Awaiting approval',
  pending: 'Pending',
  confirmed: 'Confirmed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

export const roleLabel: Record<CompanyRole, string> = {
  company_admin: 'Company admin',
  approver: 'Approver',
  buyer: 'Buyer',
};
