import { storedMoneyToJson } from '@b2b/shared/db';
import type { MoneyJson } from '@b2b/shared/money';
/**
 * Documents → response bodies. Each view names the fields that leave the service; the route's
 * response schema enforces the same list, so a field added to a document never leaks by accident.
 */
import type { Static } from 'typebox';
import type { AddressDoc, CompanyDoc, UserDoc } from '../domain/model.ts';
import type { AdminCompany, AdminUser } from '../schemas/admin.ts';
import type { CompanySummary, Member } from '../schemas/companies.ts';
import type { InternalUser } from '../schemas/internal.ts';
import type { Address, Profile } from '../schemas/users.ts';

export function profileView(user: UserDoc): Static<typeof Profile> {
  return {
    id: user._id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    status: user.status,
    roles: user.roles,
    companyId: user.companyId,
    companyRole: user.companyRole,
    spendingLimit: user.spendingLimit ? storedMoneyToJson(user.spendingLimit) : null,
    preferences: user.preferences ?? {},
  };
}

export function adminUserView(user: UserDoc): Static<typeof AdminUser> {
  return { ...profileView(user), createdAt: user.createdAt.toISOString() };
}

export function memberView(user: UserDoc): Static<typeof Member> {
  return {
    id: user._id,
    email: user.email,
    name: user.name,
    // Members always have a company role; `buyer` is the least privileged reading of a gap.
    companyRole: user.companyRole ?? 'buyer',
    spendingLimit: user.spendingLimit ? storedMoneyToJson(user.spendingLimit) : null,
    monthlyBudget: user.monthlyBudget ? storedMoneyToJson(user.monthlyBudget) : null,
    status: user.status,
  };
}

/** `creditUsed`: the payment ledger's figure (domain/credit-ledger.ts), null while it cannot answer. */
export function companyView(
  company: CompanyDoc,
  creditUsed: MoneyJson | null,
): Static<typeof CompanySummary> {
  return {
    id: company._id,
    name: company.name,
    status: company.status,
    paymentTerms: company.paymentTerms,
    creditLimit: storedMoneyToJson(company.creditLimit),
    creditUsed,
    priceListId: company.priceListId,
    country: company.country ?? null,
    vatId: company.vatId ?? null,
  };
}

export function adminCompanyView(
  company: CompanyDoc,
  creditUsed: MoneyJson | null,
): Static<typeof AdminCompany> {
  return { ...companyView(company, creditUsed), createdAt: company.createdAt.toISOString() };
}

export function addressView(address: AddressDoc): Static<typeof Address> {
  return {
    id: address._id,
    label: address.label,
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    postalCode: address.postalCode,
    country: address.country,
    isDefault: address.isDefault,
  };
}

/** Locale used when a user has not chosen one (messages are written in English first). */
export const DEFAULT_LOCALE = 'en';

export function internalUserView(user: UserDoc): Static<typeof InternalUser> {
  return {
    id: user._id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    locale: user.preferences?.locale ?? DEFAULT_LOCALE,
    companyId: user.companyId,
    companyRole: user.companyRole,
    status: user.status,
  };
}
