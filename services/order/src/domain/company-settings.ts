/**
 * A company's buying settings, kept by its company admin: the multi-level approval rules and the
 * cost centers a checkout may name. Changing the rules never re-decides an order already waiting
 * (its levels were fixed when it was decided).
 */
import { fromStoredMoney, toStoredMoney } from '@b2b/shared/db';
import { errors } from '@b2b/shared/errors';
import { compare, fromJson, type MoneyJson } from '@b2b/shared/money';
import type { ClientSession } from 'mongodb';
import type { ApprovalRule } from './approval.ts';
import type { Caller, OrderContext } from './context.ts';
import type { ApproverRole } from './model.ts';

export const MAX_APPROVAL_RULES = 10;
export const MAX_COST_CENTERS = 200;

export interface CostCenter {
  code: string;
  name: string;
}

/** The rules as the decision uses them ([] when the company has none). */
export async function approvalRulesOf(
  ctx: OrderContext,
  companyId: string,
  session?: ClientSession,
): Promise<ApprovalRule[]> {
  const settings = await ctx.repos.companySettings.find(companyId, session);
  return (settings?.approvalRules ?? []).map((r) => ({
    minTotal: fromStoredMoney(r.minTotal),
    approverRole: r.approverRole,
  }));
}

/** The currency the company's orders are compared in: its own (company.updated), else the shop's. */
async function companyCurrency(ctx: OrderContext, companyId: string): Promise<string> {
  return (await ctx.repos.companies.find(companyId))?.currency ?? ctx.rules.shippingFee.currency;
}

export async function putApprovalRules(
  ctx: OrderContext,
  caller: Caller,
  rules: { minTotal: MoneyJson; approverRole: ApproverRole }[],
): Promise<ApprovalRule[]> {
  const currency = await companyCurrency(ctx, caller.companyId);
  const parsed: ApprovalRule[] = rules.map((r, index) => {
    if (r.minTotal.currency !== currency) {
      throw errors.badRequest(`Approval rules are in ${currency}`, 'CURRENCY_MISMATCH', [
        { path: `/rules/${index}/minTotal/currency`, message: `must be ${currency}` },
      ]);
    }
    return { minTotal: fromJson(r.minTotal), approverRole: r.approverRole };
  });
  const sorted = [...parsed].sort((a, b) => compare(a.minTotal, b.minTotal));
  await ctx.repos.companySettings.put(
    caller.companyId,
    'approvalRules',
    sorted.map((r) => ({ minTotal: toStoredMoney(r.minTotal), approverRole: r.approverRole })),
    caller.userId,
    ctx.now(),
  );
  ctx.log.info(
    { companyId: caller.companyId, rules: sorted.length, by: caller.userId },
    'approval rules set',
  );
  return sorted;
}

export async function costCentersOf(ctx: OrderContext, companyId: string): Promise<CostCenter[]> {
  return (await ctx.repos.companySettings.find(companyId))?.costCenters ?? [];
}

export async function putCostCenters(
  ctx: OrderContext,
  caller: Caller,
  costCenters: CostCenter[],
): Promise<CostCenter[]> {
  const seen = new Set<string>();
  costCenters.forEach((c, index) => {
    const key = c.code.toUpperCase();
    if (seen.has(key)) {
      throw errors.badRequest(`The cost center ${c.code} is listed twice`, 'DUPLICATE_COST_CENTER', [
        { path: `/costCenters/${index}/code`, message: 'is listed twice' },
      ]);
    }
    seen.add(key);
  });
  const doc = await ctx.repos.companySettings.put(
    caller.companyId,
    'costCenters',
    costCenters.map((c) => ({ code: c.code, name: c.name.trim() })),
    caller.userId,
    ctx.now(),
  );
  return doc.costCenters;
}

/**
 * The cost center a checkout names: when the company keeps a list, one of its codes (the list's
 * spelling is stored); without a list any text, as before cost centers had a list.
 */
export async function checkedCostCenter(
  ctx: OrderContext,
  companyId: string,
  costCenter: string | undefined,
): Promise<string | null> {
  if (costCenter === undefined) return null;
  const list = await costCentersOf(ctx, companyId);
  if (list.length === 0) return costCenter;
  const match = list.find((c) => c.code.toUpperCase() === costCenter.toUpperCase());
  if (!match) {
    throw errors.badRequest(`${costCenter} is not one of the company's cost centers`, 'UNKNOWN_COST_CENTER', [
      { path: '/costCenter', message: 'is not one of the company cost centers' },
    ]);
  }
  return match.code;
}
