/**
 * Authentication of every service and the gateway, created in one call: the shared verifier
 * (asymmetric signatures, expiry, `kid`) plus the revocation check against a local copy of the
 * user service's revocation feed, and the Fastify plugin that sets `request.auth`.
 *
 *   const revocations = startRevocationReader({ url: config.serviceUrls.user });
 *   const auth = createPlatformAuth({ jwksUrl: config.JWKS_URL, revocations });
 *   await app.register(auth.plugin);
 *   registerFeedReadiness(app.readiness, revocations);
 *   app.addHook('onClose', async () => revocations.stop());
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { FeedReader } from '../feeds/reader.ts';
import { authPlugin } from './plugin.ts';
import { type RevocationCheck, type RevocationEntry, revocationCheck } from './revocations.ts';
import { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './verifier.ts';

export interface PlatformAuthOptions extends Omit<TokenVerifierOptions, 'isRevoked'> {
  /** The revocation feed's reader (`startRevocationReader`), or any other check. */
  revocations: FeedReader<RevocationEntry> | RevocationCheck;
  /** With a reader: answer 503 when its copy is older than this (see `revocationCheck`). */
  maxStalenessMs?: number;
  /** Milliseconds clock of the staleness check (the reader's clock). */
  now?: () => number;
}

export interface PlatformAuth {
  verifier: TokenVerifier;
  /** `await app.register(auth.plugin)`: `request.auth` and the guards of `@b2b/shared/auth`. */
  plugin: FastifyPluginAsync;
}

export function createPlatformAuth(options: PlatformAuthOptions): PlatformAuth {
  const { revocations, maxStalenessMs, now, ...verifierOptions } = options;
  const check =
    'isRevoked' in revocations
      ? revocations
      : revocationCheck(revocations, {
          ...(maxStalenessMs === undefined ? {} : { maxStalenessMs }),
          ...(now ? { now } : {}),
        });
  const verifier = createTokenVerifier({ ...verifierOptions, isRevoked: (token) => check.isRevoked(token) });
  const plugin = fp(async (app) => app.register(authPlugin, { verifier }), {
    name: '@b2b/shared/platform-auth',
    fastify: '5.x',
  });
  return { verifier, plugin };
}
