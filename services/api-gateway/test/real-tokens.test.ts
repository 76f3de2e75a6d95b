/**
 * The gateway with the platform's real auth (as main.ts wires it: `createPlatformAuth` over a
 * revocation feed reader): EdDSA tokens from a local key pair, a JWKS served by the fake user
 * service, and a revocation feed the test appends to — a logged-out token is refused within one poll.
 */
import {
  createPlatformAuth,
  createTokenVerifier,
  type RevocationEntry,
  revocationKey,
  startRevocationReader,
} from '@b2b/shared/auth';
import type { FeedReader } from '@b2b/shared/feeds';
import { pollUntil } from '@b2b/test-kit/poll';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { deadPort, type FakeUpstream, startFakeUpstream, testConfig } from './harness.ts';

let upstream: FakeUpstream;
let app: Awaited<ReturnType<typeof buildApp>>;
let revocations: FeedReader<RevocationEntry>;
let sign: (claims: Record<string, unknown>, alg?: string) => Promise<string>;
const feed: { jti: string; exp: number }[] = [];
let feedDown = false;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  sign = (claims) =>
    new SignJWT({ companyId: 'c1', companyRole: 'buyer', roles: [], ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(privateKey);

  // The fake user service also serves its key set and revocation feed, like the real one.
  upstream = await startFakeUpstream(0, (fake) => {
    fake.get('/auth/jwks', async () => ({ keys: [jwk] }));
    fake.get('/internal/feeds/revocations', async (_req, reply) => {
      if (feedDown) return reply.code(503).send({ title: 'down' });
      return {
        items: feed.map((entry) => ({
          key: revocationKey.token(entry.jti),
          entry,
          expiresAt: entry.exp * 1000,
        })),
        watermark: 'AA',
        hasMore: false,
      };
    });
  });

  revocations = startRevocationReader({ url: upstream.url, intervalMs: 100 });
  const auth = createPlatformAuth({ jwksUrl: `${upstream.url}/auth/jwks`, revocations });
  app = await buildApp({ config: testConfig(upstream.url), verifier: auth.verifier });
  await revocations.refresh();
});
afterAll(async () => {
  revocations?.stop();
  await app?.close();
  await upstream?.close();
});

describe('real access tokens at the gateway', () => {
  it('forwards a valid token, and refuses it after logout once the feed lists it', async () => {
    const token = await sign({ sub: 'user-1', jti: 'jti-1' });
    const ok = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.statusCode).toBe(200);

    feed.push({ jti: 'jti-1', exp: Math.floor(Date.now() / 1000) + 900 });
    const call = () =>
      app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${token}` } });
    await pollUntil(
      async () => {
        const res = await call();
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
        return true;
      },
      { timeoutMs: 3_000, message: 'the revoked token is refused' },
    );
    const forwarded = upstream.seen.length;
    expect((await call()).statusCode).toBe(401);
    expect(upstream.seen.length).toBe(forwarded);
  });

  it('keeps its copy through a feed outage: revoked tokens stay refused, others pass, it resumes', async () => {
    const revoked = await sign({ sub: 'user-6', jti: 'jti-6' });
    const valid = await sign({ sub: 'user-7', jti: 'jti-7' });
    feed.push({ jti: 'jti-6', exp: Math.floor(Date.now() / 1000) + 900 });
    await revocations.refresh();
    const me = (token: string) =>
      app.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `Bearer ${token}` } });

    feedDown = true;
    try {
      await revocations.refresh(); // may join a poll that started before the outage
      expect(await revocations.refresh()).toBe(false);
      expect(revocations.status()).toMatchObject({ ready: true, fresh: false });
      expect((await me(revoked)).json()).toMatchObject({ code: 'TOKEN_REVOKED' });
      expect((await me(valid)).statusCode).toBe(200);
      feed.push({ jti: 'jti-7', exp: Math.floor(Date.now() / 1000) + 900 });
    } finally {
      feedDown = false;
    }
    await pollUntil(
      async () => {
        expect((await me(valid)).json()).toMatchObject({ code: 'TOKEN_REVOKED' });
        return true;
      },
      { timeoutMs: 3_000, message: 'the token revoked during the outage is refused after it' },
    );
    expect(revocations.status().fresh).toBe(true);
  });

  it('refuses a token with a tampered payload and one signed with HS256', async () => {
    const token = await sign({ sub: 'user-2', jti: 'jti-2' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    const tampered = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/users',
      headers: { authorization: `Bearer ${header}.${forged}.${signature}` },
    });
    expect(tampered.statusCode).toBe(401);

    const hs = await new SignJWT({ sub: 'user-3', jti: 'jti-3' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const confused = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${hs}` },
    });
    expect(confused.statusCode).toBe(401);

    const unsigned = new UnsecuredJWT({ sub: 'user-4', jti: 'jti-4', roles: ['admin'] })
      .setExpirationTime('15m')
      .encode();
    const none = await app.inject({
      method: 'GET',
      url: '/api/v1/admin/users',
      headers: { authorization: `Bearer ${unsigned}` },
    });
    expect(none.statusCode).toBe(401);
  });

  it('answers 503 with retry-after, not 401, when the key set cannot be fetched', async () => {
    const verifier = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${await deadPort()}/auth/jwks` });
    const cutOff = await buildApp({ config: testConfig(upstream.url), verifier });
    try {
      const forwarded = upstream.seen.length;
      const res = await cutOff.inject({
        method: 'GET',
        url: '/api/v1/users/me',
        headers: { authorization: `Bearer ${await sign({ sub: 'user-5', jti: 'jti-5' })}` },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(upstream.seen.length).toBe(forwarded);
      // Requests without a token do not depend on the key set.
      const anonymous = await cutOff.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {} });
      expect(anonymous.statusCode).toBe(201);
    } finally {
      await cutOff.close();
    }
  });
});
