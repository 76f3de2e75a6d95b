/**
 * `request.auth` for every request that carries `Authorization: Bearer …`, and guards for routes
 * that need a caller. A bad token does not fail the request by itself: public routes serve it
 * anonymously, and only guarded routes answer 401 (with the precise reason) or 403.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errors } from '../errors.ts';
import type { AuthUser, CompanyRole } from './types.ts';
import type { TokenVerifier } from './verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, or null (no token, or a token that failed verification). */
    auth: AuthUser | null;
  }
}

export interface AuthPluginOptions {
  verifier: TokenVerifier;
}

/** Why a presented token was refused, kept for the guards (a WeakMap: no extra request field). */
const failures = new WeakMap<object, AppError>();

/** Anything with the `auth` decoration, whatever the route's type provider. */
type AuthenticatedRequest = Pick<FastifyRequest, 'auth'>;

/** Far above any real token: a huge header is refused without being looked at. */
const MAX_BEARER_HEADER = 8192 + 64;
// RFC 6750 b64token. Tested on the token alone (after a prefix check by hand): the anchored
// pattern with a bounded repeat over the whole header cost microseconds on every request.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The token of `Bearer <token>` (scheme case-insensitive, spaces around tolerated), or undefined. */
export function bearerToken(header: string): string | undefined {
  if (header.length > MAX_BEARER_HEADER || header.length < 8) return undefined;
  if (header.slice(0, 6).toLowerCase() !== 'bearer' || header.charCodeAt(6) !== 32) return undefined;
  let start = 7;
  while (header.charCodeAt(start) === 32) start++;
  let end = header.length;
  while (end > start && header.charCodeAt(end - 1) === 32) end--;
  const token = header.slice(start, end);
  return token.length > 0 && B64TOKEN.test(token) ? token : undefined;
}

/** What a request's Authorization header amounts to: no token, a verified caller, or a refusal. */
export type Authentication<U = AuthUser> = { user: U } | { failure: AppError } | undefined;

/**
 * The one bearer-token path of the platform: the services' `authPlugin` and the gateway's edge
 * check both call it. A token that is bad is a 401 with the reason; a verification that cannot
 * be done (keys or revocation list unavailable, anything unexpected) is a 503, so a client keeps
 * its session and retries instead of being logged out.
 */
export async function authenticate<U = AuthUser>(
  verifier: { verify(token: string): Promise<U> },
  header: string | undefined,
): Promise<Authentication<U>> {
  if (header === undefined) return undefined;
  const token = bearerToken(header);
  if (token === undefined) {
    return {
      failure: errors.unauthorized('The Authorization header must be "Bearer <token>"', 'INVALID_TOKEN'),
    };
  }
  try {
    return { user: await verifier.verify(token) };
  } catch (err) {
    if (err instanceof AppError) return { failure: err };
    return {
      failure: new AppError({
        status: 503,
        code: 'AUTH_UNAVAILABLE',
        detail: 'Access tokens cannot be verified right now',
        headers: { 'retry-after': '5' },
        cause: err,
      }),
    };
  }
}

const authPluginImpl: FastifyPluginAsync<AuthPluginOptions> = async (app, { verifier }) => {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const outcome = await authenticate(verifier, request.headers.authorization);
    if (outcome === undefined) return;
    if ('user' in outcome) {
      request.auth = outcome.user;
      return;
    }
    failures.set(request, outcome.failure);
    if (outcome.failure.status >= 500)
      request.log.warn({ err: outcome.failure.cause }, 'token verification unavailable');
    else request.log.info({ code: outcome.failure.code }, 'access token refused');
  });
};

export const authPlugin = fp(authPluginImpl, { name: '@b2b/shared/auth', fastify: '5.x' });

/** The caller, or the reason there is none: the token's own failure, else "authentication required". */
export function authenticatedUser(request: AuthenticatedRequest): AuthUser {
  if (request.auth) return request.auth;
  throw failures.get(request) ?? errors.unauthorized('Authentication required', 'UNAUTHENTICATED');
}

/** preHandler: 401 without a valid token. */
export async function requireAuth(request: AuthenticatedRequest): Promise<void> {
  authenticatedUser(request);
}

/** preHandler: 401 without a user, 403 unless the user has one of these platform roles. */
export function requireRole(...roles: string[]) {
  return async (request: AuthenticatedRequest): Promise<void> => {
    const user = authenticatedUser(request);
    if (!user.roles.some((r) => roles.includes(r))) {
      throw errors.forbidden('This needs one of the roles: ' + roles.join(', '), 'ROLE_REQUIRED');
    }
  };
}

/** preHandler: 401 without a user, 403 unless the user has one of these roles in their company. */
export function requireCompanyRole(...roles: CompanyRole[]) {
  return async (request: AuthenticatedRequest): Promise<void> => {
    const user = authenticatedUser(request);
    if (!user.companyId || !user.companyRole || !roles.includes(user.companyRole)) {
      throw errors.forbidden(
        'This needs one of the company roles: ' + roles.join(', '),
        'COMPANY_ROLE_REQUIRED',
      );
    }
  };
}

/**
 * The filter every query of company data starts from: `{ ...companyScope(request), _id }`, so a
 * caller can only ever read and write their own company's documents. 401 without a user, 403 for
 * a user who belongs to no company.
 */
export function companyScope(request: AuthenticatedRequest): { companyId: string } {
  const user = authenticatedUser(request);
  if (!user.companyId) throw errors.forbidden('You are not a member of a company', 'COMPANY_REQUIRED');
  return { companyId: user.companyId };
}
