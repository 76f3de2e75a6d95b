/**
 * The auth-check bench's before/after pair: two apps that differ only in how a token's revocation
 * is checked, serving one trivial authenticated route (`GET /bench/whoami`, requireAuth, no
 * database work of its own).
 *
 * - before: a RECONSTRUCTION of the user service's verifier before the revocation cache (commit
 *   6dd69dd replaced it): the shared verifier (signatures cached per token, as then) plus one
 *   database read of the denylist per request, `find({ _id: { $in: [jti:…, sub:…] } })` on the
 *   `revocations` collection, exactly the query of the old `RevocationRepository.isRevoked`.
 * - after: what the user service runs now (`createUserServiceAuth`): `createPlatformAuth` over this
 *   task's in-memory copy of the revocation feed, read from the same collection once a second.
 */
import {
  authPlugin,
  createLocalJWKSet,
  createPlatformAuth,
  createTokenVerifier,
  requireAuth,
  revocationKey,
  startRevocationReader,
  type TokenIdentity,
} from '@b2b/shared/auth';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { Db } from 'mongodb';
import { Type } from 'typebox';
import type { RevocationDoc } from '../src/domain/model.ts';
import { RevocationRepository } from '../src/repositories/revocations.ts';
import type { SigningKeyRing } from '../src/tokens/signing-keys.ts';

export const whoamiPath = '/bench/whoami';

const Whoami = Type.Object({ id: Type.String() }, { additionalProperties: false });

async function trivialAuthenticatedApp(register: (app: ServiceApp) => Promise<void>): Promise<ServiceApp> {
  const app = createService({ name: 'user', logLevel: 'warn' });
  await register(app);
  app.get(
    whoamiPath,
    { preHandler: requireAuth, schema: { response: { 200: Whoami } } },
    async (request) => ({ id: request.auth!.id }),
  );
  return app;
}

/** Before the cache: the denylist read from the database on every request (reconstruction, see above). */
export function perRequestDenylistApp(db: Db, keyRing: SigningKeyRing): Promise<ServiceApp> {
  const revocations = db.collection<RevocationDoc>('revocations');
  const verifier = createTokenVerifier({
    keys: createLocalJWKSet(keyRing.publicJwks(new Date())),
    async isRevoked({ jti, sub, iat }: TokenIdentity) {
      const entries = await revocations
        .find({ _id: { $in: [revocationKey.token(jti), revocationKey.subject(sub)] } })
        .toArray();
      return entries.some((e) => e.jti !== undefined || (e.notBefore !== undefined && iat < e.notBefore));
    },
  });
  return trivialAuthenticatedApp(async (app) => {
    await app.register(authPlugin, { verifier });
  });
}

/** After: the user service's own auth, over a revocation copy fed by its database feed. */
export function cachedRevocationsApp(db: Db, keyRing: SigningKeyRing): Promise<ServiceApp> {
  const reader = startRevocationReader({
    source: new RevocationRepository(db).feed.source,
    intervalMs: 1_000,
  });
  const auth = createPlatformAuth({
    keys: createLocalJWKSet(keyRing.publicJwks(new Date())),
    revocations: reader,
    maxStalenessMs: 10_000,
  });
  return trivialAuthenticatedApp(async (app) => {
    app.addHook('onReady', async () => void (await reader.refresh()));
    app.addHook('onClose', async () => reader.stop());
    await app.register(auth.plugin);
  });
}
