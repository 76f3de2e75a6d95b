/**
 * Documents → the snapshots of company.updated and member.updated/removed (events.md: the whole
 * entity and a version that grows with every change, so consumers keep projections by "apply if
 * newer" and never need the events in order).
 */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { storedMoneyToJson } from '@b2b/shared/db';
import { type CompanyDoc, companyCurrency, type UserDoc } from '../domain/model.ts';

export type CompanySnapshot = EventPayloads['company.updated'];
export type MemberSnapshot = EventPayloads['member.updated'];

export function companySnapshot(company: CompanyDoc): CompanySnapshot {
  return {
    companyId: company._id,
    name: company.name,
    status: company.status,
    currency: companyCurrency(company),
    paymentTerms: company.paymentTerms,
    creditLimit: storedMoneyToJson(company.creditLimit),
    priceListId: company.priceListId,
    // Optional in the snapshot: a company whose seat and VAT id are not known yet omits them.
    ...(company.country ? { country: company.country } : {}),
    ...(company.vatId ? { vatId: company.vatId } : {}),
    version: company.version,
    updatedAt: company.updatedAt.toISOString(),
  };
}

/** The member's snapshot; undefined for a platform administrator (no company, not a member). */
export function memberSnapshot(user: UserDoc): MemberSnapshot | undefined {
  if (!user.companyId || !user.companyRole) return undefined;
  return {
    userId: user._id,
    companyId: user.companyId,
    companyRole: user.companyRole,
    spendingLimit: user.spendingLimit ? storedMoneyToJson(user.spendingLimit) : null,
    monthlyBudget: user.monthlyBudget ? storedMoneyToJson(user.monthlyBudget) : null,
    status: user.status,
    email: user.email,
    name: user.name,
    version: user.version,
    updatedAt: user.updatedAt.toISOString(),
  };
}
