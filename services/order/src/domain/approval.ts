/**
 * THE approval decision of a new order: every rule that can hold an order for approval lives here
 * (the buyer's spending limit, the monthly budget, the company's multi-level approval rules), and
 * so does the rule for who may give the next approval of a waiting order.
 */
import { fromStoredMoney } from '@b2b/shared/db';
import { add, compare, type Money } from '@b2b/shared/money';
import type { Caller } from './context.ts';
import { orderErrors } from './errors.ts';
import type { ApprovalLevel, ApproverRole, CompanyProjection, MemberProjection, OrderDoc } from './model.ts';

export type { ApprovalLevel, ApproverRole };

export type ApprovalReason =
  | 'over_spending_limit'
  | 'buyer_unknown'
  | 'over_monthly_budget'
  | 'approval_rule';

/** One of a company's approval rules (api.md): an order at or above `minTotal` needs this level. */
export interface ApprovalRule {
  minTotal: Money;
  approverRole: ApproverRole;
}

export interface ApprovalDecision {
  status: 'pending' | 'awaiting_approval';
  reasons: ApprovalReason[];
  /** The approvals the order must collect, lowest first; empty when it does not wait. */
  levels: ApprovalLevel[];
}

/** What the decision needs besides the order, the member and the company. */
export interface ApprovalRules {
  /** The company's approval rules (any order; they are applied lowest `minTotal` first). */
  readonly rules?: readonly ApprovalRule[];
  /**
   * What the buyer's orders of this calendar month (UTC) that count against the budget already
   * total (budget.ts); absent counts as nothing spent.
   */
  readonly spentThisMonth?: Money;
}

/** A hold without a matching rule (limit, budget, unknown buyer): one approval from either role. */
const ANY_APPROVER: ApprovalLevel = { roles: ['approver', 'company_admin'] };

/** `total` is above `cap`, or the two cannot be compared (other currency): hold rather than guess. */
function exceeds(total: Money, cap: Money): boolean {
  return cap.currency !== total.currency || compare(total, cap) > 0;
}

export function decideApproval(
  order: { total: Money },
  member: MemberProjection | null,
  _company: CompanyProjection | null,
  policy: ApprovalRules = {},
): ApprovalDecision {
  const reasons: ApprovalReason[] = [];
  if (!member) {
    // No member snapshot yet: the buyer's limit is unknown, so someone must look at the order.
    reasons.push('buyer_unknown');
  } else {
    if (member.spendingLimit && exceeds(order.total, fromStoredMoney(member.spendingLimit))) {
      reasons.push('over_spending_limit');
    }
    if (member.monthlyBudget) {
      const budget = fromStoredMoney(member.monthlyBudget);
      const spent = policy.spentThisMonth;
      const afterThis =
        spent && spent.currency === order.total.currency ? add(spent, order.total) : order.total;
      if (exceeds(afterThis, budget) || (spent && spent.currency !== budget.currency)) {
        reasons.push('over_monthly_budget');
      }
    }
  }
  // Rules at or below the total, lowest first (a rule in another currency cannot be compared: it holds).
  const matching = [...(policy.rules ?? [])]
    .filter((r) => r.minTotal.currency !== order.total.currency || compare(order.total, r.minTotal) >= 0)
    .sort((a, b) => (a.minTotal.currency === b.minTotal.currency ? compare(a.minTotal, b.minTotal) : 0));
  if (matching.length > 0) reasons.push('approval_rule');
  const levels: ApprovalLevel[] =
    matching.length > 0
      ? matching.map((r) => ({ roles: [r.approverRole] }))
      : reasons.length > 0
        ? [ANY_APPROVER]
        : [];
  return { status: reasons.length > 0 ? 'awaiting_approval' : 'pending', reasons, levels };
}

/** The levels a waiting order needs; orders decided before levels existed need one approval. */
export function approvalLevelsOf(order: Pick<OrderDoc, 'approvalLevels'>): ApprovalLevel[] {
  return order.approvalLevels && order.approvalLevels.length > 0 ? order.approvalLevels : [ANY_APPROVER];
}

/**
 * Who may approve next: a member of the current (lowest open) level's roles who has not approved
 * this order yet (one person, one level). Returns the level's index and whether it is the last.
 */
export function nextApprovalStep(order: OrderDoc, caller: Caller): { index: number; last: boolean } {
  const levels = approvalLevelsOf(order);
  const index = order.approvals.filter((a) => a.decision === 'approved').length;
  const level = levels[index];
  if (!level) return { index, last: true };
  if (!(level.roles as readonly string[]).includes(caller.companyRole)) {
    throw orderErrors.notApproverForLevel(level.roles);
  }
  if (order.approvals.some((a) => a.by === caller.userId)) throw orderErrors.alreadyApproved();
  return { index, last: index === levels.length - 1 };
}
