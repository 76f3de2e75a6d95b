/** The API shapes this app reads (api.md "Catalog", "Cart and orders"). */
import type { MoneyValue } from '@b2b/web-kit/ui';

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
  readonly images: readonly { url: string; alt: string }[];
  readonly listPrice: MoneyValue;
  readonly price: MoneyValue;
  readonly priceTiers: readonly { minQuantity: number; price: MoneyValue }[];
  readonly minOrderQuantity: number;
  readonly orderMultiple: number;
  readonly stock: { available: number; status: 'in_stock' | 'low_stock' | 'out_of_stock' };
}

export interface CartLine {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: MoneyValue;
  readonly lineTotal: MoneyValue;
}

export interface Cart {
  readonly items: readonly CartLine[];
  readonly subtotal: MoneyValue;
  readonly tax: MoneyValue;
  readonly shipping: MoneyValue;
  readonly total: MoneyValue;
  readonly warnings: readonly string[];
}

export interface Order {
  readonly id: string;
  readonly orderNumber: string;
  readonly status: string;
  readonly items: readonly {
    sku: string;
    name: string;
    quantity: number;
    unitPrice: MoneyValue;
    lineTotal: MoneyValue;
  }[];
  readonly total: MoneyValue;
  readonly poNumber?: string | null;
  readonly paymentMethod: string;
  readonly createdAt: string;
}

export const stockLabel = {
  in_stock: 'In stock',
  low_stock: 'Low stock',
  out_of_stock: 'Out of stock',
} as const;
