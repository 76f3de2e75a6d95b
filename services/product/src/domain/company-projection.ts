import type { ClientSession } from 'mongodb';
import type { CatalogContext } from './context.ts';

/** The part of a `company.updated` snapshot this service keeps. */
export interface CompanySnapshot {
  companyId: string;
  status: string;
  currency?: string | null;
  priceListId: string | null;
  version: number;
}

/**
 * Applies a company snapshot if it is newer than what the projection holds: events may arrive
 * twice or out of order, the highest version wins.
 */
export async function applyCompanySnapshot(
  ctx: CatalogContext,
  snapshot: CompanySnapshot,
  session?: ClientSession,
): Promise<boolean> {
  const applied = await ctx.repos.companies.applyIfNewer(
    {
      _id: snapshot.companyId,
      priceListId: snapshot.priceListId,
      status: snapshot.status,
      currency: snapshot.currency ?? null,
      version: snapshot.version,
      updatedAt: ctx.now(),
    },
    session,
  );
  if (applied) {
    ctx.log.info(
      { companyId: snapshot.companyId, version: snapshot.version, priceListId: snapshot.priceListId },
      'company projection updated',
    );
  }
  return applied;
}
