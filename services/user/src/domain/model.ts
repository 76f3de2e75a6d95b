import type { CompanyRole } from '@b2b/shared/auth';
import type { StoredMoney } from '@b2b/shared/db';

export type { CompanyRole };
export const platformRoles = ['admin'] as const;
export type PlatformRole = (typeof platformRoles)[number];

export type UserStatus = 'active' | 'invited' | 'disabled';
export type CompanyStatus = 'active' | 'on_hold';
export type PaymentTerms = 'prepaid' | 'net30' | 'net60';

export type { StoredMoney };

export interface Preferences {
  locale?: string;
  timezone?: string;
  currency?: string;
}

export interface UserDoc {
  _id: string;
  /** Normalised: trimmed, lower case. Unique. */
  email: string;
  name: string;
  phone: string | null;
  /** argon2id PHC string; null until an invited member sets a password. Never leaves the service. */
  passwordHash: string | null;
  status: UserStatus;
  roles: PlatformRole[];
  companyId: string | null;
  companyRole: CompanyRole | null;
  spendingLimit: StoredMoney | null;
  /**
   * What the member may order per calendar month (UTC) before orders wait for approval; the order
   * service enforces it (member.updated). Absent on documents written before budgets: none.
   */
  monthlyBudget?: StoredMoney | null;
  preferences: Preferences;
  /** Access tokens issued before this second (epoch seconds) are revoked; 0 when never revoked. */
  tokensNotBefore: number;
  /** Grows by one with every change (the member.updated snapshot's version); 1 when created. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CompanyDoc {
  _id: string;
  name: string;
  status: CompanyStatus;
  paymentTerms: PaymentTerms;
  creditLimit: StoredMoney;
  /** Mirrors the payment service's figure for display; the payment service owns credit use. */
  creditUsed: StoredMoney;
  priceListId: string | null;
  /** ISO 3166-1 alpha-2 country of the company's seat (the order service's tax rules); absent until set. */
  country?: string | null;
  /** EU VAT identification number (reverse charge for cross-border EU business buyers); absent until set. */
  vatId?: string | null;
  /** Grows by one with every change (the company.updated snapshot's version); 1 when created. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A company keeps its credit limit, credit used and its members' spending limits in one currency,
 * so the order and payment services can compare them without conversions.
 */
export function companyCurrency(company: CompanyDoc): string {
  return company.creditUsed.currency;
}

export interface AddressDoc {
  _id: string;
  userId: string;
  label: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface RefreshTokenDoc {
  /** SHA-256 of the opaque token; the token itself is never stored. */
  _id: string;
  familyId: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set when the token was exchanged; presenting it again is reuse. */
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type OneTimeTokenPurpose = 'password_reset' | 'set_password';

export interface OneTimeTokenDoc {
  /** SHA-256 of the token that went out in the event. */
  _id: string;
  purpose: OneTimeTokenPurpose;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** One entry of the revocation feed: a single access token, or every token of a user before a time. */
export interface RevocationDoc {
  _id: string;
  jti?: string;
  sub?: string;
  /** Epoch seconds: tokens of `sub` issued before it are refused. */
  notBefore?: number;
  /** Epoch seconds after which the entry is pointless (the tokens it covers have expired). */
  exp: number;
  /** Same instant as a Date, for the TTL index that deletes the entry. */
  expiresAt: Date;
  /** When the entry was (last) written: the feed's cursor orders by it. */
  recordedAt: Date;
}

export interface LoginThrottleDoc {
  /** SHA-256 of the normalised email, so unknown addresses are throttled too without storing them. */
  _id: string;
  userId: string | null;
  /** The last few failures (at most the lock threshold). */
  failures: Date[];
  lockedUntil: Date | null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
