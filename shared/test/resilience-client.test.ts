import { createService } from '@b2b/shared/http';
import {
  BreakerOpenError,
  createServiceClient,
  forwardedHeaders,
  UpstreamError,
} from '@b2b/shared/resilience';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** A real upstream on a local port, so the client's fetch, headers and timeouts are exercised for real. */
let upstream: FastifyInstance;
let baseUrl: string;
const seen: { method: string; url: string; headers: Record<string, unknown>; body: unknown }[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  upstream = Fastify();
  upstream.addHook('onRequest', async (req) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body: undefined });
  });
  upstream.addHook('preHandler', async (req) => {
    const last = seen.at(-1);
    if (last) last.body = req.body;
  });
  upstream.all('/flaky', async (_req, reply) => {
    if (failuresLeft > 0) {
      failuresLeft--;
      return reply
        .code(500)
        .type('application/problem+json')
        .send({ title: 'boom', detail: 'stack trace here' });
    }
    return { ok: true };
  });
  upstream.get('/users/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (id === 'missing') {
      return reply.code(404).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        code: 'USER_NOT_FOUND',
        detail: 'User not found',
      });
    }
    return { id, name: 'Ada' };
  });
  upstream.post('/echo', async (req) => ({ received: req.body }));
  upstream.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { late: true };
  });
  upstream.get('/unavailable', async (_req, reply) => reply.code(503).header('retry-after', '7').send({}));
  upstream.get('/moved', async (_req, reply) => reply.redirect('/users/7', 302));
  await upstream.listen({ port: 0, host: '127.0.0.1' });
  const address = upstream.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await upstream.close();
});

beforeEach(() => {
  seen.length = 0;
  failuresLeft = 0;
});

function client(name: string, extra: Partial<Parameters<typeof createServiceClient>[0]> = {}) {
  return createServiceClient({
    name,
    baseUrl,
    timeoutMs: 1_000,
    retry: { retries: 2, baseMs: 1, maxMs: 5 },
    breaker: { volumeThreshold: 100, errorThresholdPercentage: 50, resetTimeoutMs: 10_000 },
    ...extra,
  });
}

describe('createServiceClient', () => {
  it('sends and reads JSON and forwards request id, authorization and trace header', async () => {
    const users = client('user-fwd');
    const body = await users.get<{ id: string; name: string }>('/users/42', {
      forward: {
        'x-request-id': 'req-123',
        authorization: 'Bearer abc.def.ghi',
        'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      },
    });
    expect(body).toEqual({ id: '42', name: 'Ada' });
    expect(seen[0]?.headers).toMatchObject({
      'x-request-id': 'req-123',
      authorization: 'Bearer abc.def.ghi',
      'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    });
    users.breaker.shutdown();
  });

  it('forwardedHeaders takes them from the incoming Fastify request', async () => {
    const users = client('user-from-request');
    const app = Fastify({ requestIdHeader: 'x-request-id' });
    app.get('/me', async (req) => users.get('/users/7', { forward: forwardedHeaders(req) }));
    const res = await app.inject({
      method: 'GET',
      url: '/me',
      headers: {
        'x-request-id': 'incoming-1',
        authorization: 'Bearer token-1',
        'x-amzn-trace-id': 'Root=1-abc',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(seen[0]?.headers).toMatchObject({
      'x-request-id': 'incoming-1',
      authorization: 'Bearer token-1',
      'x-amzn-trace-id': 'Root=1-abc',
    });
    await app.close();
    users.breaker.shutdown();
  });

  it('forwards the request id the service answered with, never an unchecked client header', async () => {
    const users = client('user-from-service');
    const app = createService({ name: 'demo', logLevel: 'silent' });
    app.get('/me', async (req) => users.get('/users/7', { forward: forwardedHeaders(req) }));
    const insane = `spaces and "quotes" ${'x'.repeat(200)}`;
    const res = await app.inject({ method: 'GET', url: '/me', headers: { 'x-request-id': insane } });
    expect(res.statusCode).toBe(200);
    const answered = res.headers['x-request-id'];
    expect(answered).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]?.headers['x-request-id']).toBe(answered);
    await app.close();
    users.breaker.shutdown();
  });

  it('does not follow a redirect: the token stays put and the caller gets a 502', async () => {
    const c = client('redirecting', { retry: { retries: 0 } });
    const err = await c
      .get('/moved', { forward: { authorization: 'Bearer token-1' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).status).toBe(502);
    expect((err as UpstreamError).code).toBe('UPSTREAM_ERROR');
    expect(seen.map((s) => s.url)).toEqual(['/moved']);
    c.breaker.shutdown();
  });

  it('retries an idempotent GET after 5xx answers', async () => {
    const c = client('flaky-get');
    failuresLeft = 2;
    await expect(c.get('/flaky')).resolves.toEqual({ ok: true });
    expect(seen.filter((s) => s.url === '/flaky')).toHaveLength(3);
    c.breaker.shutdown();
  });

  it('does not retry a POST, and hides the upstream 5xx internals behind a 502', async () => {
    const c = client('flaky-post');
    failuresLeft = 1;
    const err = await c.post('/flaky', { a: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 502, code: 'UPSTREAM_ERROR', upstreamStatus: 500 });
    expect((err as Error).message).not.toContain('stack trace');
    expect(seen).toHaveLength(1);
    c.breaker.shutdown();
  });

  it('retries a POST that carries an Idempotency-Key', async () => {
    const c = client('flaky-post-key');
    failuresLeft = 1;
    await expect(c.post('/flaky', { a: 1 }, { idempotencyKey: 'key-1' })).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.headers['idempotency-key'] === 'key-1')).toBe(true);
    c.breaker.shutdown();
  });

  it('passes a 4xx through with its status, code and problem body, without retrying', async () => {
    const c = client('user-404');
    const err = await c.get('/users/missing').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, code: 'USER_NOT_FOUND', detail: 'User not found' });
    expect((err as UpstreamError).upstreamBody).toMatchObject({ code: 'USER_NOT_FOUND' });
    expect(seen).toHaveLength(1);
    c.breaker.shutdown();
  });

  it('posts a JSON body', async () => {
    const c = client('echo');
    await expect(c.post('/echo', { amount: '12.50' })).resolves.toEqual({ received: { amount: '12.50' } });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    c.breaker.shutdown();
  });

  it('refuses paths that would leave the service origin, without calling anyone', async () => {
    const c = client('origin-guard');
    for (const path of ['@evil.example/x', '//evil.example/x', 'users/1', '.evil.example/']) {
      await expect(c.get(path), path).rejects.toThrow(/refusing a call to origin-guard/);
    }
    expect(seen).toHaveLength(0);
    expect(c.breaker.state()).toBe('closed');
    c.breaker.shutdown();
  });

  it('answers 504 when the upstream is too slow', async () => {
    const c = client('slow', { timeoutMs: 50, retry: { retries: 0 } });
    const started = performance.now();
    const err = await c.get('/slow').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(350);
    c.breaker.shutdown();
  });

  it('keeps an upstream 503 as 503 with its retry-after', async () => {
    const c = client('unavailable', { retry: { retries: 0 } });
    const err = await c.get('/unavailable').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE', headers: { 'retry-after': '7' } });
    c.breaker.shutdown();
  });

  it('answers 503 when the service is unreachable', async () => {
    const c = createServiceClient({
      name: 'nowhere',
      baseUrl: 'http://127.0.0.1:1',
      timeoutMs: 500,
      retry: { retries: 0 },
    });
    const err = await c.get('/x').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    c.breaker.shutdown();
  });

  it('opens its breaker after repeated 5xx and then stops calling the upstream', async () => {
    const c = client('failing', {
      retry: { retries: 0 },
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 10_000 },
    });
    failuresLeft = 100;
    for (let i = 0; i < 3; i++) await expect(c.get('/flaky')).rejects.toMatchObject({ status: 502 });
    expect(c.breaker.state()).toBe('open');
    const err = await c.get('/flaky').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BreakerOpenError);
    expect(err).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    expect(seen).toHaveLength(3);
    c.breaker.shutdown();
  });

  it('does not trip its breaker on 4xx answers', async () => {
    const c = client('user-4xx', {
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 10, resetTimeoutMs: 10_000 },
    });
    for (let i = 0; i < 5; i++) await expect(c.get('/users/missing')).rejects.toMatchObject({ status: 404 });
    expect(c.breaker.state()).toBe('closed');
    c.breaker.shutdown();
  });
});
