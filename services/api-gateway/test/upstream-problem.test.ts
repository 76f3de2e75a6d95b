/**
 * Problem responses of a service carry the service's own path in `instance`; through the gateway
 * they must name the public path the client called. Other responses pass through byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { isRewritableProblem, withPublicInstance } from '../src/upstream-problem.ts';
import { type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

const problemType = 'application/problem+json; charset=utf-8';
let upstream: FakeUpstream;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  upstream = await startFakeUpstream(0, (fake) => {
    fake.get('/admin/users', async (req, reply) =>
      reply
        .code(403)
        .type(problemType)
        .send({
          type: 'urn:b2b:problem:forbidden',
          title: 'Forbidden',
          status: 403,
          detail: 'Admins only',
          instance: req.url.split('?')[0],
          code: 'FORBIDDEN',
        }),
    );
    fake.get('/users/crash', async (req, reply) =>
      reply.code(500).type(problemType).send({
        type: 'urn:b2b:problem:internal',
        title: 'Internal Server Error',
        status: 500,
        instance: req.url,
        code: 'INTERNAL',
      }),
    );
    fake.get('/users/huge-problem', async (_req, reply) =>
      reply
        .code(400)
        .type(problemType)
        .send({ status: 400, instance: '/users/huge-problem', detail: 'x'.repeat(70_000) }),
    );
    fake.get('/users/plain', async () => ({ instance: '/users/plain', note: 'not a problem' }));
  });
  app = await buildApp({ config: testConfig(upstream.url), verifier: fakeVerifier });
});
afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe('problem responses from a service', () => {
  it('name the public path in instance, with every other field and the length right', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/admin/users?page=2' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe(problemType);
    expect(res.json()).toEqual({
      type: 'urn:b2b:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'Admins only',
      instance: '/api/v1/admin/users',
      code: 'FORBIDDEN',
    });
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
  });

  it('are rewritten over real HTTP too, and a 5xx problem still counts as a failure', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/users/crash`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { instance: string; code: string };
    expect(body).toMatchObject({ instance: '/api/v1/users/crash', code: 'INTERNAL' });

    const breaker = { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 };
    const strict = await buildApp({ config: testConfig(upstream.url, { breaker }), verifier: fakeVerifier });
    try {
      for (let i = 0; i < 2; i++) {
        expect((await strict.inject({ method: 'GET', url: '/api/v1/users/crash' })).statusCode).toBe(500);
      }
      const open = await strict.inject({ method: 'GET', url: '/api/v1/users/crash' });
      expect(open.statusCode).toBe(503);
      expect(open.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', instance: '/api/v1/users/crash' });
    } finally {
      await strict.close();
    }
  });

  it('pass through untouched when too large to buffer, and other JSON is never touched', async () => {
    const huge = await app.inject({ method: 'GET', url: '/api/v1/users/huge-problem' });
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ instance: '/users/huge-problem' });
    const plain = await app.inject({ method: 'GET', url: '/api/v1/users/plain' });
    expect(plain.json()).toEqual({ instance: '/users/plain', note: 'not a problem' });
  });
});

describe('withPublicInstance / isRewritableProblem', () => {
  it('prefixes service paths only', () => {
    expect(JSON.parse(withPublicInstance('{"status":404,"instance":"/users/7"}')!)).toEqual({
      status: 404,
      instance: '/api/v1/users/7',
    });
    expect(withPublicInstance('{"instance":"/api/v1/users/7"}')).toBeUndefined();
    expect(withPublicInstance('{"instance":"https://example.com/x"}')).toBeUndefined();
    expect(withPublicInstance('{"instance":"//evil.example/x"}')).toBeUndefined();
    expect(withPublicInstance('{"status":404}')).toBeUndefined();
    expect(withPublicInstance('[1]')).toBeUndefined();
    expect(withPublicInstance('not json')).toBeUndefined();
  });

  it('buffers only small, uncompressed problem+json bodies of declared length', () => {
    const problem = { 'content-type': 'application/problem+json', 'content-length': '120' };
    expect(isRewritableProblem(problem)).toBe(true);
    expect(isRewritableProblem({ ...problem, 'content-type': 'application/json' })).toBe(false);
    expect(isRewritableProblem({ ...problem, 'content-encoding': 'gzip' })).toBe(false);
    expect(isRewritableProblem({ ...problem, 'content-length': undefined })).toBe(false);
    expect(isRewritableProblem({ ...problem, 'content-length': '70000' })).toBe(false);
  });
});
