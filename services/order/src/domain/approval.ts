/**
 * THE approval decision of a new order: every rule that can hold an order for approval lives here,
 * so later rules (monthly budgets, api.md's multi-level approval rules) are added in one place.
 */
import { fromStoredMoney } from '@b2b/shared/db';
import { compare, type Money } from '@b2b/shared/money';
import type { CompanyProjection, MemberProjection } from './model.ts';

export type ApprovalReason = 'over_spending_limit' | 'buyer_unknown';

export interface ApprovalDecision {
  status: 'pending' | 'awaiting_approval';
  reasons: ApprovalReason[];
}

/** Company approval rules (a later issue: `{minTotal, approverRole}` levels); none today. */
export interface ApprovalRules {
  readonly rules?: readonly unknown[];
}

export function decideApproval(
  order: { total: Money },
  member: MemberProjection | null,
  _company: CompanyProjection | null,
  _rules?: ApprovalRules,
): ApprovalDecision {
  const reasons: ApprovalReason[] = [];
  if (!member) {
    // No member snapshot yet: the buyer's limit is unknown, so someone must look at the order.
    reasons.push('buyer_unknown');
  } else if (member.spendingLimit) {
    const limit = fromStoredMoney(member.spendingLimit);
    // A limit in another currency cannot be compared: hold the order rather than guess.
    if (limit.currency !== order.total.currency || compare(order.total, limit) > 0) {
      reasons.push('over_spending_limit');
    }
  }
  return { status: reasons.length > 0 ? 'awaiting_approval' : 'pending', reasons };
}
