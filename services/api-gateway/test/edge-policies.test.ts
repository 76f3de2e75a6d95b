import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

let upstream: FakeUpstream;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  app = await buildApp({
    config: testConfig(upstream.url, {
      rateLimit: { anonymousPerMinute: 5, userPerMinute: 8, credentialsPerMinute: 3 },
    }),
    verifier: fakeVerifier,
  });
});
afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe('rate limits', () => {
  it('allows 3 logins a minute per IP, then 429 problem with retry-after', async () => {
    const login = (ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        payload: { email: 'a@b.c', password: 'x' },
      });
    for (let i = 0; i < 3; i++) expect((await login('198.51.100.1')).statusCode).toBe(201);
    const limited = await login('198.51.100.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected, and a token does not lift the login limit.
    expect((await login('198.51.100.2')).statusCode).toBe(201);
    const withToken = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.1',
      headers: { authorization: 'Bearer token-mallory' },
      payload: {},
    });
    expect(withToken.statusCode).toBe(429);
  });

  it('limits password-reset requests the same way', async () => {
    const reset = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        remoteAddress: '198.51.100.3',
        payload: { email: 'a@b.c' },
      });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await reset()).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
  });

  it('limits registrations (an argon2 hash each) like logins', async () => {
    const register = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        remoteAddress: '198.51.100.4',
        payload: { email: 'a@b.c' },
      });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await register()).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
  });

  it('counts anonymous traffic per IP and authenticated traffic per user', async () => {
    const get = (ip: string, token?: string) =>
      app.inject({
        method: 'GET',
        url: '/api/v1/users/me',
        remoteAddress: ip,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const anonymous = [];
    for (let i = 0; i < 6; i++) anonymous.push((await get('203.0.113.50')).statusCode);
    expect(anonymous).toEqual([200, 200, 200, 200, 200, 429]);
    // Same IP (an office behind one NAT), but users have their own budgets.
    const alice = [];
    for (let i = 0; i < 9; i++) alice.push((await get('203.0.113.50', 'token-alice')).statusCode);
    expect(alice.slice(0, 8).every((c) => c === 200)).toBe(true);
    expect(alice[8]).toBe(429);
    expect((await get('203.0.113.50', 'token-bob')).statusCode).toBe(200);
  });

  it('counts requests with a refused token against the IP, so bad tokens cannot be sent without limit', async () => {
    const hits = upstream.seen.length;
    const forged = (url: string, method: 'GET' | 'POST' = 'GET') =>
      app.inject({
        method,
        url,
        remoteAddress: '203.0.113.61',
        headers: { authorization: 'Bearer forged' },
      });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await forged('/api/v1/users/me')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    const logins = [];
    for (let i = 0; i < 4; i++) logins.push((await forged('/api/v1/auth/login', 'POST')).statusCode);
    expect(logins).toEqual([401, 401, 401, 429]);
    expect(upstream.seen.length).toBe(hits);
  });

  it('does not let a client pick its IP with X-Forwarded-For', async () => {
    const spoofed = [];
    for (let i = 0; i < 6; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/companies/me',
        remoteAddress: '192.0.2.77',
        headers: { 'x-forwarded-for': `10.9.9.${i}` },
      });
      spoofed.push(res.statusCode);
    }
    expect(spoofed.at(-1)).toBe(429);
  });
});

describe('CORS', () => {
  it('allows an origin on the list', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      remoteAddress: '192.0.2.10',
      headers: { origin: 'https://shop.example.com' },
    });
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(String(res.headers['access-control-expose-headers'])).toContain('x-request-id');
  });

  it('answers a preflight from an allowed origin', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      remoteAddress: '192.0.2.11',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(String(res.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(res.headers['access-control-allow-headers'])).toContain('authorization');
  });

  it('gives a denied origin no CORS headers, so the browser blocks it', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      remoteAddress: '192.0.2.12',
      headers: { origin: 'https://evil.example.net' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      remoteAddress: '192.0.2.12',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
