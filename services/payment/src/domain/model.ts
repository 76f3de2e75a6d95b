/** The documents of the payment service's database (no other service reads them). */
import type { Decimal128 } from 'mongodb';

export type PaymentTerms = 'prepaid' | 'net30' | 'net60';
export type CompanyStatus = 'active' | 'on_hold';

/**
 * The company's credit as the payment service keeps it: terms and limit learned from
 * company.updated snapshots (applied if newer by `version`), `creditUsed` owned here. Amounts are
 * Decimal128 in `currency`, so the authorization is one exact conditional update in the database.
 */
export interface CreditAccountDoc {
  _id: string;
  name: string;
  status: CompanyStatus;
  paymentTerms: PaymentTerms;
  currency: string;
  creditLimit: Decimal128;
  creditUsed: Decimal128;
  /** Version of the last applied company snapshot. */
  version: number;
  updatedAt: Date;
}

export type PaymentMethod = 'invoice' | 'card';
export type PaymentStatus =
  | 'pending'
  | 'authorized'
  | 'captured'
  | 'declined'
  | 'voided'
  | 'refunded'
  | 'partially_refunded';

export type TransactionType = 'authorization' | 'decline' | 'capture' | 'void' | 'refund';

export interface PaymentTransaction {
  type: TransactionType;
  amount: Decimal128;
  at: Date;
  /** The provider's id of the operation (PaymentIntent, refund); null for invoice payments. */
  providerRef: string | null;
}

export interface RefundRecord {
  id: string;
  amount: Decimal128;
  reason: string;
  /** `pending` from the reservation until the provider answered. */
  status: 'pending' | 'succeeded';
  requestedBy: string;
  providerRef: string | null;
  at: Date;
}

/** One payment per order (unique `orderId`). */
export interface PaymentDoc {
  _id: string;
  orderId: string;
  orderNumber: string;
  companyId: string;
  userId: string;
  method: PaymentMethod;
  status: PaymentStatus;
  currency: string;
  amount: Decimal128;
  capturedAmount: Decimal128;
  /** Includes refunds still waiting for the provider: the bound is checked against this sum. */
  refundedAmount: Decimal128;
  /** The provider's authorization (PaymentIntent id); null for invoice payments. */
  providerRef: string | null;
  declineReason: string | null;
  transactions: PaymentTransaction[];
  refunds: RefundRecord[];
  /** Invoice payments: the terms the credit was granted under; they set the invoice's due date. */
  paymentTerms: PaymentTerms | null;
  invoiceId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * An order cancelled or rejected, remembered so an order.placed handled later does not authorize
 * (or voids right after, when the authorization was already on its way).
 */
export interface OrderClosureDoc {
  _id: string;
  eventType: 'order.cancelled' | 'order.rejected';
  reason: string | null;
  at: Date;
}

export type InvoiceStatus = 'open' | 'paid' | 'overdue';

export interface InvoiceDoc {
  _id: string;
  /** `INV-YYYY-NNNNNN`, from an atomic counter per year. */
  number: string;
  orderId: string;
  paymentId: string;
  companyId: string;
  amount: Decimal128;
  currency: string;
  issuedAt: Date;
  dueDate: Date;
  status: InvoiceStatus;
  /**
   * Credit notes of refunds against this invoice (absent on invoices issued before refunds of
   * invoice payments existed: 0). What the company owes is `amount − creditedAmount`.
   */
  creditedAmount?: Decimal128;
  paidAt: Date | null;
  overdueAt: Date | null;
  createdAt: Date;
}
