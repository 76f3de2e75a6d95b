import { errors } from '@b2b/shared/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { IdentityContext } from '../domain/context.ts';
import { companyRoles } from '../domain/model.ts';
import { isAccessTokenRevoked } from '../domain/session-revocation.ts';
import { type Caller, findCaller, setCaller } from './caller.ts';

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header);
  if (!match) throw errors.unauthorized('Malformed Authorization header', 'INVALID_TOKEN');
  return match[1];
}

/**
 * Verifies the access token against this service's own public keys (no HTTP call to itself) and
 * refuses revoked tokens at once: the denylist and the per-user marker are read on every request.
 * Only EdDSA is accepted: `alg: none`, HS256 with the public key as secret, unknown `kid`, expired
 * or tampered tokens all fail the same way, with 401.
 */
export async function verifyAccessToken(ctx: IdentityContext, token: string): Promise<Caller> {
  let payload: Record<string, unknown>;
  try {
    const jwks = createLocalJWKSet(ctx.keyRing().publicJwks(ctx.now()));
    ({ payload } = await jwtVerify(token, jwks, {
      algorithms: ['EdDSA'],
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      currentDate: ctx.now(),
      clockTolerance: 5,
    }));
  } catch {
    throw errors.unauthorized('Access token is invalid or expired', 'INVALID_TOKEN');
  }
  const { sub, jti, iat, exp, companyId, companyRole, roles } = payload;
  const wellFormed =
    typeof sub === 'string' &&
    typeof jti === 'string' &&
    typeof iat === 'number' &&
    typeof exp === 'number' &&
    (companyId === null || typeof companyId === 'string') &&
    (companyRole === null || (companyRoles as readonly unknown[]).includes(companyRole)) &&
    Array.isArray(roles) &&
    roles.every((r) => typeof r === 'string');
  if (!wellFormed) throw errors.unauthorized('Access token is invalid or expired', 'INVALID_TOKEN');
  if (await isAccessTokenRevoked(ctx, { jti, sub, iat })) {
    throw errors.unauthorized('Access token has been revoked', 'TOKEN_REVOKED');
  }
  return { userId: sub, jti, iat, exp, companyId, companyRole: companyRole as Caller['companyRole'], roles };
}

/** The request's caller (`callerOf(request)`), set when a valid bearer token came with the request. */
export const authenticationPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: IdentityContext }) => {
    // onRequest: authentication comes before body validation, so anonymous callers learn nothing.
    app.addHook('onRequest', async (request) => {
      const token = bearerToken(request);
      if (token) setCaller(request, await verifyAccessToken(opts.ctx, token));
    });
  },
  { name: 'user-authentication' },
);

/** Route-folder guards (`app.addHook('onRequest', requireAuth)`): 401 without a caller, 403 without the role. */
export async function requireAuth(request: FastifyRequest): Promise<void> {
  if (!findCaller(request)) throw errors.unauthorized();
}

export function requireRole(role: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const caller = findCaller(request);
    if (!caller) throw errors.unauthorized();
    if (!caller.roles.includes(role)) throw errors.forbidden();
  };
}

export async function requireCompanyMember(request: FastifyRequest): Promise<void> {
  const caller = findCaller(request);
  if (!caller) throw errors.unauthorized();
  if (!caller.companyId) throw errors.forbidden('Only company members can do this');
}

export function requireCompanyRole(...roles: NonNullable<Caller['companyRole']>[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const caller = findCaller(request);
    if (!caller) throw errors.unauthorized();
    if (!caller.companyId || !caller.companyRole || !roles.includes(caller.companyRole))
      throw errors.forbidden();
  };
}
