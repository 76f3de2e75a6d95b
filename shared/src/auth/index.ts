export { createLocalJWKSet } from 'jose';
export {
  type AuthPluginOptions,
  authenticatedUser,
  authPlugin,
  companyScope,
  requireAuth,
  requireCompanyRole,
  requireRole,
} from './plugin.ts';
export {
  createRevocationList,
  type RevocationList,
  type RevocationListOptions,
  type SubjectRevocation,
  type TokenRevocation,
} from './revocation-list.ts';
export { type AuthUser, type CompanyRole, companyRoles, type TokenIdentity } from './types.ts';
export {
  ACCEPTED_ALGORITHMS,
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './verifier.ts';
