/**
 * Monthly budgets (api.md): a member's orders of the calendar month (UTC) in the states that
 * commit money — pending, confirmed, shipped, delivered; not awaiting approval, cancelled or
 * rejected — count against their `monthlyBudget`; an order beyond it waits for approval.
 */
import { fromStoredMoney } from '@b2b/shared/db';
import { add, type Money, max, subtract, zero } from '@b2b/shared/money';
import type { ClientSession } from 'mongodb';
import type { Caller, OrderContext } from './context.ts';
import type { OrderStatus } from './model.ts';
import { memberOf } from './projections.ts';

export const BUDGET_STATUSES: readonly OrderStatus[] = ['pending', 'confirmed', 'shipped', 'delivered'];

/** [first instant of the month of `now`, first instant of the next month), UTC. */
export function calendarMonth(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/** The member's spend this month in `currency` (orders in another currency are not comparable). */
export async function spentThisMonth(
  ctx: OrderContext,
  userId: string,
  currency: string,
  session?: ClientSession,
): Promise<Money> {
  const { from, to } = calendarMonth(ctx.now());
  const orders = await ctx.repos.orders.collection
    .find(
      {
        userId,
        status: { $in: [...BUDGET_STATUSES] },
        createdAt: { $gte: from, $lt: to },
        'total.currency': currency,
      },
      { session, projection: { total: 1 } },
    )
    .toArray();
  return orders.reduce((spent, o) => add(spent, fromStoredMoney(o.total)), zero(currency));
}

export interface BudgetStatus {
  month: string;
  monthlyBudget: Money | null;
  spent: Money;
  /** What is left of the budget (zero when approved orders went beyond it); null without one. */
  remaining: Money | null;
}

/** What the member sees of their own budget. */
export async function myBudget(ctx: OrderContext, caller: Caller): Promise<BudgetStatus> {
  const member = await memberOf(ctx, caller.userId);
  const budget = member?.monthlyBudget ? fromStoredMoney(member.monthlyBudget) : null;
  const currency = budget?.currency ?? ctx.rules.shippingFee.currency;
  const spent = await spentThisMonth(ctx, caller.userId, currency);
  return {
    month: calendarMonth(ctx.now()).from.toISOString().slice(0, 7),
    monthlyBudget: budget,
    spent,
    remaining: budget ? max(subtract(budget, spent), zero(currency)) : null,
  };
}
