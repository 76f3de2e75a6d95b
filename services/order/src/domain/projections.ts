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
import { errorMessage } from '@b2b/shared/errors';
import type { OrderContext } from './context.ts';
import type { CompanyProjection, MemberProjection } from './model.ts';

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

/** What a read-through needs of a projection's repository. */
interface ProjectionStore<P> {
  find(id: string): Promise<P | null>;
  applyIfNewer(doc: P): Promise<boolean>;
}

/**
 * The stored copy, or the owner's snapshot stored by "apply if newer" when there is none yet.
 * When the store refuses it (a newer copy landed meanwhile, or the event's own insert won the
 * race), the stored copy wins and is read again. When the owner cannot answer: null, logged.
 */
async function readThrough<P>(
  ctx: OrderContext,
  what: 'member' | 'company',
  id: string,
  store: ProjectionStore<P>,
  ask: (snapshots: SnapshotSource) => Promise<P | null>,
): Promise<P | null> {
  const known = await store.find(id);
  if (known || !ctx.snapshots) return known;
  let fetched: P | null;
  try {
    fetched = await ask(ctx.snapshots);
  } catch (err) {
    ctx.log.warn(
      { [`${what}Id`]: id, err: errorMessage(err) },
      `${what} snapshot unavailable; deciding without it`,
    );
    return null;
  }
  if (!fetched) return null;
  const stored = await store.applyIfNewer(fetched).catch(() => false);
  return stored ? fetched : ((await store.find(id)) ?? fetched);
}

/** The member's projection, asking the user service once when this service has none yet. */
export function memberOf(ctx: OrderContext, userId: string): Promise<MemberProjection | null> {
  return readThrough(ctx, 'member', userId, ctx.repos.members, async (source) => {
    const snapshot = await source.member(userId);
    return snapshot ? memberProjection(snapshot, snapshot.status) : null;
  });
}

/** The company's projection, asking the user service once when this service has none yet. */
export function companyOf(ctx: OrderContext, companyId: string): Promise<CompanyProjection | null> {
  return readThrough(ctx, 'company', companyId, ctx.repos.companies, async (source) => {
    const snapshot = await source.company(companyId);
    return snapshot ? companyProjection(snapshot) : null;
  });
}
