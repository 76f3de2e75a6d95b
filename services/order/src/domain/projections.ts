/**
 * The order service's copies of the user service's companies and members (events.md: snapshots,
 * "apply if newer"), and the read-through for the one moment a copy cannot have arrived yet: a
 * buyer who registered a second ago and checks out before member.updated / company.updated has
 * reached this service. Without it, that order was held `awaiting_approval` as `buyer_unknown`
 * (nobody to approve it in a one-person company) and taxed without the company's country.
 *
 * A miss asks the owner for the same snapshot (`SnapshotSource`, the user service's internal
 * route through a breaker) and stores it by the same rule, so the event arriving later changes
 * nothing. When the owner cannot answer, the caller decides without the copy, as before.
 */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { storedMoneyFromJson } from '@b2b/shared/db';
import type { OrderContext } from './context.ts';
import type { CompanyProjection, MemberProjection } from './model.ts';

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export type MemberSnapshot = EventPayloads['member.updated'];
export type CompanySnapshot = EventPayloads['company.updated'];

/** The owner's current snapshots; null when it knows no such member / company. */
export interface SnapshotSource {
  member(userId: string): Promise<MemberSnapshot | null>;
  company(companyId: string): Promise<CompanySnapshot | null>;
}

export function memberProjection(data: MemberSnapshot, status: MemberProjection['status']): MemberProjection {
  return {
    _id: data.userId,
    companyId: data.companyId,
    companyRole: data.companyRole,
    spendingLimit: data.spendingLimit ? storedMoneyFromJson(data.spendingLimit) : null,
    monthlyBudget: data.monthlyBudget ? storedMoneyFromJson(data.monthlyBudget) : null,
    status,
    name: data.name,
    version: data.version,
    updatedAt: new Date(data.updatedAt),
  };
}

export function companyProjection(data: CompanySnapshot): CompanyProjection {
  return {
    _id: data.companyId,
    name: data.name,
    status: data.status,
    currency: data.currency,
    country: data.country ?? null,
    vatId: data.vatId ?? null,
    version: data.version,
    updatedAt: new Date(data.updatedAt),
  };
}

/** The member's projection, asking the user service once when this service has none yet. */
export async function memberOf(ctx: OrderContext, userId: string): Promise<MemberProjection | null> {
  const known = await ctx.repos.members.find(userId);
  if (known || !ctx.snapshots) return known;
  try {
    const snapshot = await ctx.snapshots.member(userId);
    if (!snapshot) return null;
    const fetched = memberProjection(snapshot, snapshot.status);
    await ctx.repos.members.applyIfNewer(fetched);
    // A newer event may have landed meanwhile: the stored copy wins.
    return (await ctx.repos.members.find(userId)) ?? fetched;
  } catch (err) {
    ctx.log.warn({ userId, reason: reasonOf(err) }, 'member snapshot unavailable; deciding without it');
    return null;
  }
}

/** The company's projection, asking the user service once when this service has none yet. */
export async function companyOf(ctx: OrderContext, companyId: string): Promise<CompanyProjection | null> {
  const known = await ctx.repos.companies.find(companyId);
  if (known || !ctx.snapshots) return known;
  try {
    const snapshot = await ctx.snapshots.company(companyId);
    if (!snapshot) return null;
    const fetched = companyProjection(snapshot);
    await ctx.repos.companies.applyIfNewer(fetched);
    return (await ctx.repos.companies.find(companyId)) ?? fetched;
  } catch (err) {
    ctx.log.warn({ companyId, reason: reasonOf(err) }, 'company snapshot unavailable; deciding without it');
    return null;
  }
}
