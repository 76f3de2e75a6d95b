import { createPublicKey } from 'node:crypto';
import { createLocalJWKSet, createTokenVerifier, type TokenVerifier } from '@b2b/shared/auth';
import { AppError } from '@b2b/shared/errors';
import { pollUntil } from '@b2b/test-kit/poll';
import { SignJWT } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  b64url,
  type JwksServer,
  mint,
  newSigningKey,
  nowSec,
  type SigningKey,
  startJwksServer,
} from './auth/helpers.ts';

let ed: SigningKey;
let rsa: SigningKey;
let jwks: JwksServer | undefined;

beforeAll(async () => {
  ed = await newSigningKey('EdDSA');
  rsa = await newSigningKey('RS256');
});
afterEach(async () => {
  await jwks?.close();
  jwks = undefined;
});

async function rejection(verifier: TokenVerifier, token: string): Promise<AppError> {
  try {
    await verifier.verify(token);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the token to be refused');
}

describe('createTokenVerifier with a remote JWKS', () => {
  it('accepts valid EdDSA and RS256 tokens and maps the claims', async () => {
    jwks = await startJwksServer([ed.publicJwk, rsa.publicJwk]);
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const token = await mint(ed, {
      sub: 'u-7',
      jti: 'j-7',
      companyId: 'c-1',
      companyRole: 'approver',
      roles: ['admin'],
    });
    const user = await verifier.verify(token);
    expect(user).toEqual({
      id: 'u-7',
      companyId: 'c-1',
      companyRole: 'approver',
      roles: ['admin'],
      jti: 'j-7',
      exp: expect.any(Number),
    });
    const rsUser = await verifier.verify(await mint(rsa, { companyId: null, companyRole: null }));
    expect(rsUser).toMatchObject({ companyId: null, companyRole: null, roles: [] });
    // Both verifications used the cached key set.
    expect(jwks.fetches).toBe(1);
  });

  it('refuses an expired token with TOKEN_EXPIRED and www-authenticate', async () => {
    jwks = await startJwksServer([ed.publicJwk]);
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const err = await rejection(verifier, await mint(ed, { iat: nowSec() - 3600, exp: nowSec() - 60 }));
    expect(err.status).toBe(401);
    expect(err.code).toBe('TOKEN_EXPIRED');
    expect(err.headers?.['www-authenticate']).toBe('Bearer');
  });

  it('refuses a tampered payload', async () => {
    jwks = await startJwksServer([ed.publicJwk]);
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const [header, payload, signature] = (await mint(ed, { roles: [] })).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${b64url({ ...claims, roles: ['admin'] })}.${signature}`;
    const err = await rejection(verifier, forged);
    expect([err.status, err.code]).toEqual([401, 'INVALID_TOKEN']);
  });

  it('refuses alg none', async () => {
    jwks = await startJwksServer([ed.publicJwk]);
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const claims = { sub: 'u-1', jti: 'j-1', iat: nowSec(), exp: nowSec() + 600, roles: ['admin'] };
    for (const alg of ['none', 'None', 'NONE']) {
      const token = `${b64url({ alg, kid: ed.kid, typ: 'JWT' })}.${b64url(claims)}.`;
      const err = await rejection(verifier, token);
      expect([err.status, err.code]).toEqual([401, 'INVALID_TOKEN']);
    }
  });

  it('refuses HS256 tokens signed with the public key bytes (algorithm confusion)', async () => {
    jwks = await startJwksServer([ed.publicJwk, rsa.publicJwk]);
    const verifier = createTokenVerifier({ jwksUrl: jwks.url });
    const rsaPem = createPublicKey({ key: rsa.publicJwk as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const secrets = [
      Buffer.from(String(rsaPem)),
      Buffer.from(ed.publicJwk.x!, 'base64url'),
      Buffer.from(JSON.stringify(ed.publicJwk)),
    ];
    for (const [i, secret] of secrets.entries()) {
      const token = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256', kid: i === 0 ? rsa.kid : ed.kid })
        .setSubject('attacker')
        .setJti(`j-${i}`)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new Uint8Array(secret));
      const err = await rejection(verifier, token);
      expect([err.status, err.code]).toEqual([401, 'INVALID_TOKEN']);
    }
  });

  it('requires sub, jti and exp', async () => {
    const verifier = createTokenVerifier({ keys: createLocalJWKSet({ keys: [ed.publicJwk] }) });
    expect((await rejection(verifier, await mint(ed, { sub: '' }))).code).toBe('INVALID_TOKEN');
    expect((await rejection(verifier, await mint(ed, { jti: '' }))).code).toBe('INVALID_TOKEN');
    const noExp = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: ed.kid })
      .setSubject('u')
      .setJti('j')
      .sign(ed.privateKey);
    expect((await rejection(verifier, noExp)).code).toBe('INVALID_TOKEN');
    expect((await rejection(verifier, 'not.a.jwt')).code).toBe('INVALID_TOKEN');
    expect((await rejection(verifier, 'x'.repeat(10_000))).code).toBe('INVALID_TOKEN');
  });

  it('checks issuer and audience when configured', async () => {
    const verifier = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [ed.publicJwk] }),
      issuer: 'b2b-user',
      audience: 'b2b-api',
    });
    await expect(verifier.verify(await mint(ed, { iss: 'b2b-user', aud: 'b2b-api' }))).resolves.toBeTruthy();
    const wrongIssuer = await rejection(verifier, await mint(ed, { iss: 'evil', aud: 'b2b-api' }));
    expect(wrongIssuer.code).toBe('INVALID_TOKEN');
    const noAudience = await rejection(verifier, await mint(ed, { iss: 'b2b-user' }));
    expect(noAudience.code).toBe('INVALID_TOKEN');
  });

  it('refetches the key set for an unknown kid, so a rotated-in key works', async () => {
    jwks = await startJwksServer([ed.publicJwk]);
    const verifier = createTokenVerifier({ jwksUrl: jwks.url, jwksCooldownMs: 0 });
    await verifier.verify(await mint(ed));
    expect(jwks.fetches).toBe(1);

    const rotated = await newSigningKey('EdDSA');
    const token = await mint(rotated);
    const unknown = await rejection(verifier, token);
    expect([unknown.status, unknown.code]).toEqual([401, 'INVALID_TOKEN']);
    expect(jwks.fetches).toBe(2);

    jwks.keys = [rotated.publicJwk, ed.publicJwk];
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'user-1' });
    expect(jwks.fetches).toBe(3);
  });

  it('does not refetch for unknown kids more than once per cooldown', async () => {
    jwks = await startJwksServer([ed.publicJwk]);
    const verifier = createTokenVerifier({ jwksUrl: jwks.url, jwksCooldownMs: 60_000 });
    await verifier.verify(await mint(ed));
    const stranger = await newSigningKey('EdDSA');
    for (let i = 0; i < 5; i++) {
      expect((await rejection(verifier, await mint(stranger))).code).toBe('INVALID_TOKEN');
    }
    expect(jwks.fetches).toBe(1);
  });

  it('answers 503 when no keys can be fetched, and keeps using known keys during an outage', async () => {
    jwks = await startJwksServer([ed.publicJwk]);
    jwks.down = true;
    const cold = createTokenVerifier({ jwksUrl: jwks.url });
    const err = await rejection(cold, await mint(ed));
    expect([err.status, err.code]).toEqual([503, 'AUTH_UNAVAILABLE']);
    expect(err.headers?.['retry-after']).toBeTruthy();

    jwks.down = false;
    // Max age 0: every verification wants fresh keys, so the outage below is hit for sure.
    const warm = createTokenVerifier({ jwksUrl: jwks.url, jwksMaxAgeMs: 0 });
    await warm.verify(await mint(ed));
    jwks.down = true;
    await expect(warm.verify(await mint(ed))).resolves.toMatchObject({ id: 'user-1' });
    expect(jwks.fetches).toBeGreaterThanOrEqual(3);
  });

  it('stops asking a hung JWKS endpoint for a while: known keys keep working, unknown fail fast', async () => {
    jwks = await startJwksServer([ed.publicJwk]);
    const options = {
      jwksUrl: jwks.url,
      jwksMaxAgeMs: 0,
      jwksTimeoutMs: 200,
      jwksRetryAfterFailureMs: 60_000,
    };
    const warm = createTokenVerifier(options);
    await warm.verify(await mint(ed));
    jwks.hang = true;
    await expect(warm.verify(await mint(ed))).resolves.toBeTruthy(); // one fetch times out
    const fetchesAfterTimeout = jwks.fetches;
    for (let i = 0; i < 5; i++) await expect(warm.verify(await mint(ed))).resolves.toBeTruthy();
    expect(jwks.fetches).toBe(fetchesAfterTimeout);

    const cold = createTokenVerifier(options);
    expect((await rejection(cold, await mint(ed))).status).toBe(503);
    const before = jwks.fetches;
    expect((await rejection(cold, await mint(ed))).code).toBe('AUTH_UNAVAILABLE');
    expect(jwks.fetches).toBe(before);
  });

  it('refuses a revoked token with TOKEN_REVOKED', async () => {
    const verifier = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [ed.publicJwk] }),
      isRevoked: ({ jti }) => jti === 'logged-out',
    });
    const err = await rejection(verifier, await mint(ed, { jti: 'logged-out' }));
    expect([err.status, err.code]).toEqual([401, 'TOKEN_REVOKED']);
    await expect(verifier.verify(await mint(ed, { jti: 'still-good' }))).resolves.toBeTruthy();

    const asyncCheck = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [ed.publicJwk] }),
      isRevoked: async ({ sub, iat }) => sub === 'disabled-user' && iat < nowSec() + 1,
    });
    expect((await rejection(asyncCheck, await mint(ed, { sub: 'disabled-user' }))).code).toBe(
      'TOKEN_REVOKED',
    );
  });

  it('remembers a verified token, but still checks revocation on every call', async () => {
    const local = createLocalJWKSet({ keys: [ed.publicJwk] });
    let keyLookups = 0;
    const revoked = new Set<string>();
    const verifier = createTokenVerifier({
      keys: (header, token) => {
        keyLookups++;
        return local(header, token);
      },
      isRevoked: ({ jti }) => revoked.has(jti),
    });
    const token = await mint(ed, { jti: 'cached', roles: ['admin'] });
    const first = await verifier.verify(token);
    first.roles.push('tampered-by-caller');
    expect(await verifier.verify(token)).toMatchObject({ jti: 'cached', roles: ['admin'] });
    expect(keyLookups).toBe(1);
    revoked.add('cached');
    expect((await rejection(verifier, token)).code).toBe('TOKEN_REVOKED');
  });

  it('answers 503, not 401, when the revocation check itself fails', async () => {
    const verifier = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [ed.publicJwk] }),
      isRevoked: async () => {
        throw new Error('MongoServerSelectionError: connect ECONNREFUSED 10.0.0.5:27017');
      },
    });
    const err = await rejection(verifier, await mint(ed));
    expect(err.status).toBe(503);
    expect(err.code).toBe('AUTH_UNAVAILABLE');
    expect(err.headers?.['retry-after']).toBe('5');
    expect(err.detail).not.toContain('10.0.0.5');
  });

  it('never serves a remembered token past its expiry', async () => {
    const verifier = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [ed.publicJwk] }),
      clockToleranceSec: 0,
    });
    const token = await mint(ed, { exp: nowSec() + 1 });
    await verifier.verify(token);
    const code = await pollUntil(
      () =>
        verifier.verify(token).then(
          () => undefined,
          (err: AppError) => err.code,
        ),
      { timeoutMs: 5_000, intervalMs: 50, message: 'the token expiring' },
    );
    expect(code).toBe('TOKEN_EXPIRED');
  });

  it('drops unknown company roles and non-string roles', async () => {
    const verifier = createTokenVerifier({ keys: createLocalJWKSet({ keys: [ed.publicJwk] }) });
    const token = await mint(ed, { companyRole: 'owner', roles: ['admin', 7 as unknown as string] });
    expect(await verifier.verify(token)).toMatchObject({ companyRole: null, roles: ['admin'] });
  });
});
