import { authenticatedUser, companyScope, createPlatformAuth, type PlatformAuth } from '@b2b/shared/auth';
import type { FastifyRequest } from 'fastify';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import type { IdentityContext } from '../domain/context.ts';
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
 * The platform auth every service uses, over this service's own keys and its own copy of the
 * revocation feed (polled from its database; its logouts written through at once). Unlike the
 * gateway it refuses to vouch for tokens when that copy is older than `maxStalenessMs`: its
 * database is then down, and a 503 is the honest answer (never a 401 that logs the user out).
 */
export function createUserServiceAuth(ctx: IdentityContext, maxStalenessMs: number): PlatformAuth {
  return createPlatformAuth({
    keys: ownPublicKeys(ctx),
    revocations: ctx.revocationCache,
    maxStalenessMs,
  });
}

/** The caller as a member of their company: every company query below is scoped by it. */
export function memberScope(request: FastifyRequest): { userId: string; companyId: string } {
  return { userId: authenticatedUser(request).id, ...companyScope(request) };
}
