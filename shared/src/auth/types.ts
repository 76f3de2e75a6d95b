export const companyRoles = ['company_admin', 'approver', 'buyer'] as const;
export type CompanyRole = (typeof companyRoles)[number];

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
