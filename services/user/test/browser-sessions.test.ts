/**
 * Browser sessions (api.md "Browser sessions"): cookie attributes, CSRF proof, rotation, sign-out.
 * Every refusal sits next to the same request with the proof, which succeeds.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect } from 'vitest';
import { browserSessionOptions, parseUserConfig } from '../src/config.ts';
import { REFRESH_COOKIE } from '../src/http/browser-session.ts';
import { TEST_APP_ORIGIN, type UserApp } from './support/user-app.ts';
import { it } from './support/user-test.ts';

const proof = { 'x-csrf': '1', origin: TEST_APP_ORIGIN };

function signIn(svc: UserApp, email: string, password: string, headers: Record<string, string> = proof) {
  return svc.app.inject({ method: 'POST', url: '/auth/session', headers, payload: { email, password } });
}

function refresh(svc: UserApp, cookie: string | undefined, headers: Record<string, string> = proof) {
  return svc.app.inject({
    method: 'POST',
    url: '/auth/session/refresh',
    headers: { ...headers, ...(cookie ? { cookie: `${REFRESH_COOKIE}=${cookie}` } : {}) },
  });
}

/** The refresh cookie the response sets, parsed into its value and attributes. */
function refreshCookie(res: LightMyRequestResponse) {
  const raw = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
  if (!raw) return undefined;
  const [pair, ...attributes] = raw.split(';').map((part) => part.trim());
  return {
    value: pair!.slice(REFRESH_COOKIE.length + 1),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

describe('browser sign-in (POST /auth/session)', () => {
  it('sets the refresh token as an HttpOnly, SameSite=Strict cookie scoped to /api/v1/auth', async ({
    svc,
  }) => {
    const u = await svc.register();
    const res = await signIn(svc, u.email, u.password);
    expect(res.statusCode).toBe(200);
    const cookie = refreshCookie(res)!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/v1/auth', 'max-age=604800']),
    );
    // The test app runs as in development: not Secure (http://localhost must keep working).
    expect(cookie.attributes).not.toContain('secure');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers only the access token and the profile: no refresh token in the body', async ({ svc }) => {
    const u = await svc.register();
    const body = (await signIn(svc, u.email, u.password)).json();
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType', 'user']);
    expect(body.user.email).toBe(u.email);
    const me = await svc.call('GET', '/users/me', { token: body.accessToken });
    expect(me.statusCode).toBe(200);
  });

  it('is refused (403) without the x-csrf header or from a foreign Origin, and sets no cookie', async ({
    svc,
  }) => {
    const u = await svc.register();
    for (const headers of <Record<string, string>[]>[
      { origin: TEST_APP_ORIGIN },
      { 'x-csrf': '1' },
      { 'x-csrf': '1', origin: 'https://evil.example' },
      { 'x-csrf': 'true', origin: TEST_APP_ORIGIN },
    ]) {
      const res = await signIn(svc, u.email, u.password, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().code).toBe('CSRF_PROOF_REQUIRED');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect((await signIn(svc, u.email, u.password)).statusCode).toBe(200);
  });

  it('answers wrong credentials with the same 401 as /auth/login', async ({ svc }) => {
    const u = await svc.register();
    const res = await signIn(svc, u.email, 'not the right passphrase');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
    expect(refreshCookie(res)).toBeUndefined();
  });
});

describe('silent refresh (POST /auth/session/refresh)', () => {
  it('exchanges the cookie for a new access token and rotates the cookie', async ({ svc }) => {
    const u = await svc.register();
    const first = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const res = await refresh(svc, first);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType']);
    const rotated = refreshCookie(res)!;
    expect(rotated.value).not.toBe(first);
    expect(rotated.attributes).toEqual(
      expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/v1/auth']),
    );
    expect((await refresh(svc, rotated.value)).statusCode).toBe(200);
  });

  it('is refused without the CSRF proof, even with a valid cookie, and the cookie stays usable', async ({
    svc,
  }) => {
    const u = await svc.register();
    const cookie = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const noHeader = await refresh(svc, cookie, { origin: TEST_APP_ORIGIN });
    expect(noHeader.statusCode).toBe(403);
    const foreign = await refresh(svc, cookie, {
      'x-csrf': '1',
      origin: 'https://shop.example.com.evil.example',
    });
    expect(foreign.statusCode).toBe(403);
    const noOrigin = await refresh(svc, cookie, { 'x-csrf': '1' });
    expect(noOrigin.statusCode).toBe(403);
    // Refused before the token was looked at: it was not consumed.
    expect((await refresh(svc, cookie)).statusCode).toBe(200);
  });

  it('without a cookie answers 401; a replayed cookie revokes the family and clears the cookie', async ({
    svc,
  }) => {
    expect((await refresh(svc, undefined)).statusCode).toBe(401);
    const u = await svc.register();
    const first = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const second = refreshCookie(await refresh(svc, first))!.value;
    const replay = await refresh(svc, first);
    expect(replay.statusCode).toBe(401);
    expect(refreshCookie(replay)?.attributes).toEqual(expect.arrayContaining(['path=/api/v1/auth']));
    expect(refreshCookie(replay)?.value).toBe('');
    // The family died with the replay: the legitimate successor is refused too.
    expect((await refresh(svc, second)).statusCode).toBe(401);
  });

  it('two concurrent refreshes with one cookie: at most one wins', async ({ svc }) => {
    const u = await svc.register();
    const cookie = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const statuses = (await Promise.all([refresh(svc, cookie), refresh(svc, cookie)])).map(
      (r) => r.statusCode,
    );
    expect(statuses).toContain(401);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
  });
});

describe('sign-out (DELETE /auth/session)', () => {
  it('clears the cookie, kills its family and the access token presented', async ({ svc }) => {
    const u = await svc.register();
    const started = await signIn(svc, u.email, u.password);
    const cookie = refreshCookie(started)!.value;
    const { accessToken } = started.json();
    const res = await svc.app.inject({
      method: 'DELETE',
      url: '/auth/session',
      headers: { ...proof, authorization: `Bearer ${accessToken}`, cookie: `${REFRESH_COOKIE}=${cookie}` },
    });
    expect(res.statusCode).toBe(204);
    const cleared = refreshCookie(res)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['path=/api/v1/auth']));
    expect((await refresh(svc, cookie)).statusCode).toBe(401);
    expect((await svc.call('GET', '/users/me', { token: accessToken })).statusCode).toBe(401);
  });

  it('is refused without the proof (the session survives)', async ({ svc }) => {
    const u = await svc.register();
    const cookie = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const res = await svc.app.inject({
      method: 'DELETE',
      url: '/auth/session',
      headers: { origin: TEST_APP_ORIGIN, cookie: `${REFRESH_COOKIE}=${cookie}` },
    });
    expect(res.statusCode).toBe(403);
    expect((await refresh(svc, cookie)).statusCode).toBe(200);
  });

  it('with everywhere=true ends the sessions of other devices too', async ({ svc }) => {
    const u = await svc.register();
    const laptop = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const phone = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const apiClient = (
      await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } })
    ).json();
    const res = await svc.app.inject({
      method: 'DELETE',
      url: '/auth/session?everywhere=true',
      headers: { ...proof, cookie: `${REFRESH_COOKIE}=${laptop}` },
    });
    expect(res.statusCode).toBe(204);
    expect((await refresh(svc, phone)).statusCode).toBe(401);
    const apiRefresh = await svc.call('POST', '/auth/refresh', {
      body: { refreshToken: apiClient.refreshToken },
    });
    expect(apiRefresh.statusCode).toBe(401);
  });

  it('without everywhere leaves the other devices signed in', async ({ svc }) => {
    const u = await svc.register();
    const laptop = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const phone = refreshCookie(await signIn(svc, u.email, u.password))!.value;
    const res = await svc.app.inject({
      method: 'DELETE',
      url: '/auth/session',
      headers: { ...proof, cookie: `${REFRESH_COOKIE}=${laptop}` },
    });
    expect(res.statusCode).toBe(204);
    expect((await refresh(svc, laptop)).statusCode).toBe(401);
    expect((await refresh(svc, phone)).statusCode).toBe(200);
  });
});

describe('cookie settings from the environment', () => {
  const base = {
    PORT: '3001',
    HOST: '0.0.0.0',
    EVENT_BUS: 'sns-sqs',
    AWS_REGION: 'eu-west-1',
    DOCDB_HOST: 'docdb.cluster.local',
    DOCDB_USERNAME: 'user',
    DOCDB_PASSWORD: 'from-secrets-manager',
    MONGODB_TLS_CA_FILE: '/etc/ssl/certs/rds-global-bundle.pem',
    JWT_KEYS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:b2b/jwt-keys-AbCdEf',
    SERVICE_CREDENTIAL: 'a-generated-service-credential-of-43-chars-x',
  };

  it('makes cookies Secure in production only, with the configured origins', () => {
    const production = browserSessionOptions(
      parseUserConfig({
        ...base,
        NODE_ENV: 'production',
        CORS_ORIGINS: 'https://shop.example.com, https://b2b.example',
      }),
    );
    expect(production).toEqual({
      allowedOrigins: ['https://shop.example.com', 'https://b2b.example'],
      secureCookies: true,
    });
    const development = browserSessionOptions(parseUserConfig({ ...base, NODE_ENV: 'development' }));
    expect(development.secureCookies).toBe(false);
    expect(development.allowedOrigins).toContain('http://localhost:8080');
  });

  it('allows no origin in production when CORS_ORIGINS is unset (fail closed)', () => {
    expect(
      browserSessionOptions(parseUserConfig({ ...base, NODE_ENV: 'production' })).allowedOrigins,
    ).toEqual([]);
  });
});

it('sets Secure on the cookie when the service runs with secureCookies (production)', async ({
  dbServer,
}) => {
  const { startUserApp } = await import('./support/user-app.ts');
  const secure = await startUserApp(dbServer, {
    browserSessions: { allowedOrigins: [TEST_APP_ORIGIN], secureCookies: true },
  });
  try {
    const u = await secure.register();
    const cookie = refreshCookie(await signIn(secure, u.email, u.password))!;
    expect(cookie.attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict']));
  } finally {
    await secure.close();
  }
});
