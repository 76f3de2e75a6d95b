/**
 * `@b2b/shared/auth`: access tokens of the user service.
 *
 *   const revocations = createRevocationList({ url: `${config.serviceUrls.user}/internal/revocations` });
 *   const verifier = createTokenVerifier({ jwksUrl: config.JWKS_URL!, isRevoked: revocations.isRevoked });
 *   await app.register(authPlugin, { verifier });          // request.auth: AuthUser | null
 *   app.get('/orders', { preHandler: requireAuth }, (req) => orders.find({ ...companyScope(req) }));
 *   app.post('/admin/x', { preHandler: requireRole('admin') }, ...);
 *   app.post('/orders/:id/approve', { preHandler: requireCompanyRole('company_admin', 'approver') }, ...);
 */
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
export { type AuthUser, CompanyRole, type TokenIdentity } from './types.ts';
export {
  ACCEPTED_ALGORITHMS,
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './verifier.ts';
