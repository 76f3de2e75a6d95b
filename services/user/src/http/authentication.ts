import { authenticatedUser, companyScope, createTokenVerifier, type TokenVerifier } from '@b2b/shared/auth';
import { errors } from '@b2b/shared/errors';
import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, decodeJwt, type JWTVerifyGetKey } from 'jose';
import type { IdentityContext } from '../domain/context.ts';
import { isAccessTokenRevoked } from '../domain/session-revocation.ts';
import type { SigningKeyRing } from '../tokens/signing-keys.ts';

/** The published keys change with time (a retired key drops out): rebuild the local set every minute. */
const LOCAL_KEYS_MAX_AGE_MS = 60_000;

/** The service's own public keys, without an HTTP round trip to itself. */
function ownPublicKeys(ctx: IdentityContext): JWTVerifyGetKey {
  let cached: { ring: SigningKeyRing; builtAt: number; keys: JWTVerifyGetKey } | undefined;
  return (header, token) => {
    const ring = ctx.keyRing();
    const now = ctx.now();
    if (!cached || cached.ring !== ring || now.getTime() - cached.builtAt > LOCAL_KEYS_MAX_AGE_MS) {
      cached = { ring, builtAt: now.getTime(), keys: createLocalJWKSet(ring.publicJwks(now)) };
    }
    return cached.keys(header, token);
  };
}

/**
 * The shared verifier (asymmetric algorithms only, so `alg: none` and HS256-with-the-public-key
 * fail; expiry, signature and `kid` checked) over this service's own keys, plus the revocation
 * check against the database itself: a logout or a disabled user is refused here at once, not
 * after a feed poll.
 */
export function createUserServiceVerifier(ctx: IdentityContext): TokenVerifier {
  const shared = createTokenVerifier({ keys: ownPublicKeys(ctx) });
  return {
    async verify(token) {
      const user = await shared.verify(token);
      // The signature is valid, so the payload can be read as is.
      const { iat } = decodeJwt(token);
      const identity = { jti: user.jti, sub: user.id, iat: typeof iat === 'number' ? iat : 0 };
      if (await isAccessTokenRevoked(ctx, identity)) {
        throw errors.unauthorized('The access token has been revoked', 'TOKEN_REVOKED');
      }
      return user;
    },
  };
}

/** The caller as a member of their company: every company query below is scoped by it. */
export function memberScope(request: FastifyRequest): { userId: string; companyId: string } {
  return { userId: authenticatedUser(request).id, ...companyScope(request) };
}
