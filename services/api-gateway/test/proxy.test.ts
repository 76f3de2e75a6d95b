import { markPlanned } from '@b2b/test-kit/catalogue';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

let upstream: FakeUpstream;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  app = await buildApp({ config: testConfig(upstream.url), verifier: fakeVerifier });
});
afterAll(async () => {
  await app?.close();
  await upstream?.close();
});
beforeEach(() => {
  upstream.seen.length = 0;
});

describe('routing', () => {
  it('forwards /api/v1/<area>/... to the owning service without the prefix', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/me?expand=company&x=1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ method: 'GET', url: '/users/me?expand=company&x=1', body: '' });
    expect(res.headers['x-upstream']).toBe('user');
  });

  it('streams request bodies through unchanged, whatever their type', async () => {
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a@example.com","unknownField":1}',
    });
    expect(json.statusCode).toBe(201);
    expect(json.json().body).toBe('{"email":"a@example.com","unknownField":1}');
    const csv = await app.inject({
      method: 'PATCH',
      url: '/api/v1/companies/me',
      headers: { 'content-type': 'text/csv' },
      payload: 'sku,quantity\nA-1,5\n',
    });
    expect(csv.json()).toMatchObject({ method: 'PATCH', body: 'sku,quantity\nA-1,5\n' });
    expect(upstream.seen.at(-1)?.headers['content-type']).toBe('text/csv');
  });

  it('answers 404 problem for an area nobody owns, without calling anyone', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/internal/revocations' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(upstream.seen).toHaveLength(0);
  });

  it('answers 503 problem for a planned service', async () => {
    // Every service is live: notification stands in for a planned one.
    const restore = markPlanned('notification');
    const res = await app.inject({ method: 'GET', url: '/api/v1/notifications' }).finally(restore);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 503,
      code: 'SERVICE_NOT_AVAILABLE',
      detail: 'The notification service is not available yet',
    });
  });

  it('refuses path tricks with 400', async () => {
    // (inject resolves literal dot segments like a browser would; encoded slashes get through it.)
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/..%2f..%2finternal%2frevocations' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_PATH' });
    expect(upstream.seen).toHaveLength(0);
  });

  it('refuses a declared body over the limit with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json', 'content-length': String(7 * 1024 * 1024) },
      payload: '{}',
    });
    expect(res.statusCode).toBe(413);
    expect(upstream.seen).toHaveLength(0);
  });
});

describe('headers', () => {
  it('forwards the client request id and echoes it', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { 'x-request-id': 'req-abc-123' },
    });
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    expect(upstream.seen[0]?.headers['x-request-id']).toBe('req-abc-123');
  });

  it('generates a request id when the client sent none (or a bad one)', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { 'x-request-id': 'bad id\twith space' },
    });
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(upstream.seen[0]?.headers['x-request-id']).toBe(id);
  });

  it('forwards the trace header, authorization and X-Forwarded-For; drops hop-by-hop headers', async () => {
    await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      remoteAddress: '10.0.3.4',
      headers: {
        authorization: 'Bearer token-alice',
        'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
        'x-forwarded-for': '198.51.100.20',
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': 'secret',
        'proxy-authorization': 'Basic Zm9vOmJhcg==',
        te: 'gzip',
      },
    });
    const seen = upstream.seen[0]!.headers;
    expect(seen['x-amzn-trace-id']).toBe('Root=1-67891233-abcdef012345678912345678');
    expect(seen.authorization).toBe('Bearer token-alice');
    expect(seen['x-forwarded-for']).toBe('198.51.100.20, 10.0.3.4');
    expect(seen['x-drop-me']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen.te).toBeUndefined();
  });

  it("does not pass the upstream's hop-by-hop response headers on", async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/me' });
    expect(res.headers['keep-alive']).toBeUndefined();
    expect(res.headers['x-upstream']).toBe('user');
  });
});

describe('bearer tokens', () => {
  it('refuses a bad token with 401 before the upstream is hit', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: 'Bearer forged' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({ status: 401, code: 'INVALID_TOKEN' });
    expect(upstream.seen).toHaveLength(0);
  });

  it('refuses an expired token and a malformed Authorization header', async () => {
    const expired = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: 'Bearer expired' },
    });
    expect(expired.json()).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
    const basic = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: 'Basic YTpi' },
    });
    expect(basic.statusCode).toBe(401);
    const empty = await app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: 'Bearer ' },
    });
    expect(empty.statusCode).toBe(401);
    expect(upstream.seen).toHaveLength(0);
  });

  it('lets requests without a token through: the service decides', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.c' } });
    expect(res.statusCode).toBe(201);
    expect(upstream.seen[0]?.headers.authorization).toBeUndefined();
  });
});
