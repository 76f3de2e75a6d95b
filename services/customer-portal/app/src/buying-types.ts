/** The order service's B2B buying settings, budgets and shopping lists (services/order/src/schemas). */
import type { MoneyValue } from '@b2b/web-kit/ui';

export type ApproverRole = 'approver' | 'company_admin';

export interface ApprovalRule {
  readonly minTotal: MoneyValue;
  readonly approverRole: ApproverRole;
}

export interface CostCenter {
  readonly code: string;
  readonly name: string;
}

export interface Budget {
  /** The calendar month (UTC) counted, `YYYY-MM`. */
  readonly month: string;
  readonly monthlyBudget: MoneyValue | null;
  readonly spent: MoneyValue;
  readonly remaining: MoneyValue | null;
}

export interface ShoppingList {
  readonly id: string;
  readonly name: string;
  readonly shared: boolean;
  readonly ownerId: string;
  readonly items: readonly { id: string; sku: string; quantity: number; note: string | null }[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A member as /companies/me lists it, with the monthly budget the order service learns. */
export interface BudgetedMember {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly monthlyBudget: MoneyValue | null;
}
