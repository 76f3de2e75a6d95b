/**
 * `@b2b/shared/auth`: access tokens of the user service, one path for every service.
 *
 *   const revocations = startRevocationReader({ url: config.serviceUrls.user });  // a feed reader
 *   const auth = createPlatformAuth({ jwksUrl: config.JWKS_URL!, revocations });
 *   await app.register(auth.plugin);                         // request.auth: AuthUser | null
 *   app.get('/orders', { preHandler: requireAuth }, (req) => orders.find({ ...companyScope(req) }));
 *   app.post('/admin/x', { preHandler: requireRole('admin') }, ...);
 *   app.post('/orders/:id/approve', { preHandler: requireCompanyRole('company_admin', 'approver') }, ...);
 */
export { createLocalJWKSet } from 'jose';
export { createPlatformAuth, type PlatformAuth, type PlatformAuthOptions } from './platform-auth.ts';
export {
  type Authentication,
  type AuthPluginOptions,
  authenticate,
  authenticatedUser,
  authPlugin,
  bearerToken,
  companyScope,
  requireAuth,
  requireCompanyRole,
  requireRole,
} from './plugin.ts';
export {
  mergeRevocations,
  putRevocation,
  REVOCATIONS_FEED,
  type RevocationCheck,
  type RevocationCheckOptions,
  RevocationEntry,
  type RevocationReaderOptions,
  revocationCheck,
  revocationKey,
  SubjectRevocation,
  startRevocationReader,
  TokenRevocation,
} from './revocations.ts';
export { type AuthUser, CompanyRole, type TokenIdentity } from './types.ts';
export {
  ACCEPTED_ALGORITHMS,
  createTokenVerifier,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './verifier.ts';
