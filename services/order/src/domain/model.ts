/** The order service's documents, as stored. Money is Decimal128 (exact sums in aggregations). */
import type { StoredMoney } from '@b2b/shared/db';

export type { StoredMoney };

/** One line of a user's cart: the price last quoted, so a read can tell the buyer it changed. */
export interface CartLine {
  id: string;
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: StoredMoney;
  addedAt: Date;
}

/** One cart per user (`_id` is the user id), scoped to the user's company. */
export interface CartDoc {
  _id: string;
  companyId: string;
  items: CartLine[];
  updatedAt: Date;
  /** Grows with every write: saves are conditional on the revision read (repositories/carts.ts). */
  revision?: number;
}

export const orderStatuses = [
  'awaiting_approval',
  'pending',
  'confirmed',
  'shipped',
  'delivered',
  'cancelled',
  'rejected',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * api.md's reasons, plus `timed_out`: the saga did not finish before the pending deadline (the job
 * in jobs/stale-orders.ts), which is neither the stock's nor the payment's verdict.
 */
export const cancellationReasons = [
  'out_of_stock',
  'payment_declined',
  'cancelled_by_buyer',
  'cancelled_by_admin',
  'quote_expired',
  'timed_out',
] as const;
export type CancellationReason = (typeof cancellationReasons)[number];

export const paymentStatuses = [
  'none',
  'authorized',
  'declined',
  'captured',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export type PaymentMethod = 'invoice' | 'card';

export interface OrderLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: StoredMoney;
  lineTotal: StoredMoney;
}

export interface ShippingAddress {
  label?: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
}

/** The company roles an approval rule can ask for (api.md's `approverRole`). */
export const approverRoles = ['approver', 'company_admin'] as const;
export type ApproverRole = (typeof approverRoles)[number];

/** One approval an order waiting for approval must collect: from a member holding one of `roles`. */
export interface ApprovalLevel {
  roles: ApproverRole[];
}

export interface ApprovalRecord {
  by: string;
  role: string;
  at: Date;
  decision: 'approved' | 'rejected';
  reason: string | null;
}

export interface HistoryEntry {
  status: OrderStatus;
  at: Date;
  by: string | null;
  reason: string | null;
}

/** The two saga steps' answers; null until the step's reply arrives. */
export interface SagaState {
  stock: 'reserved' | 'rejected' | null;
  payment: 'authorized' | 'declined' | null;
}

export interface OrderDoc {
  _id: string;
  orderNumber: string;
  companyId: string;
  userId: string;
  status: OrderStatus;
  items: OrderLine[];
  subtotal: StoredMoney;
  tax: StoredMoney;
  /** Percent as a decimal string ('19', '0'). */
  taxRate: string;
  taxNote: string | null;
  shipping: StoredMoney;
  total: StoredMoney;
  shippingAddress: ShippingAddress;
  paymentMethod: PaymentMethod;
  /** Kept only to start the payment step after an approval; never leaves the service. */
  cardToken: string | null;
  poNumber: string | null;
  costCenter: string | null;
  note: string | null;
  paymentStatus: PaymentStatus;
  /** All refunds of the order's payment so far (payment.refunded's total); absent before the first. */
  refundedTotal?: StoredMoney | null;
  cancellationReason: CancellationReason | null;
  /** Why the order waits for approval (decideApproval's reasons); empty when it did not. */
  approvalReasons: string[];
  /**
   * The approvals it must collect, lowest level first, fixed when it was decided (a later change of
   * the company's rules does not re-decide it). Absent on orders decided before levels: one.
   */
  approvalLevels?: ApprovalLevel[];
  approvals: ApprovalRecord[];
  history: HistoryEntry[];
  saga: SagaState;
  /** While `pending`: when the stale-order job gives up on the saga. */
  pendingDeadline: Date | null;
  shipment: { carrier: string; trackingNumber: string } | null;
  /** The accepted quote the order was made from (its prices are the offer's); absent or null: the cart. */
  quoteId?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the order service knows of a company, from company.updated snapshots. */
export interface CompanyProjection {
  _id: string;
  name: string;
  status: 'active' | 'on_hold';
  currency: string;
  country: string | null;
  vatId: string | null;
  version: number;
  updatedAt: Date;
}

/** What the order service knows of a member, from member.updated / member.removed snapshots. */
export interface MemberProjection {
  _id: string;
  companyId: string;
  companyRole: 'company_admin' | 'approver' | 'buyer';
  spendingLimit: StoredMoney | null;
  monthlyBudget: StoredMoney | null;
  status: 'active' | 'invited' | 'disabled' | 'removed';
  name: string;
  version: number;
  updatedAt: Date;
}
