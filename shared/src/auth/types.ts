import { type Static, Type } from 'typebox';

/**
 * A member's role in their company: the one definition that tokens, guards, route schemas and
 * stored documents use (a TypeBox schema and its type, under one name).
 */
export const CompanyRole = Type.Union([
  Type.Literal('company_admin'),
  Type.Literal('approver'),
  Type.Literal('buyer'),
]);
export type CompanyRole = Static<typeof CompanyRole>;
/** The same roles as a list, for membership checks of untrusted claims. */
export const companyRoles: readonly CompanyRole[] = CompanyRole.anyOf.map((literal) => literal.const);

/** The caller, as the access token describes them (claims of the user service's tokens). */
export interface AuthUser {
  /** User id (`sub`). */
  id: string;
  companyId: string | null;
  companyRole: CompanyRole | null;
  /** Platform roles, e.g. `admin`. */
  roles: string[];
  /** Token id, for revocation (logout). */
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** What a revocation list needs to decide about a token. */
export interface TokenIdentity {
  jti: string;
  sub: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
}
