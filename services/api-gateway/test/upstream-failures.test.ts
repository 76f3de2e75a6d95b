import { pollUntil } from '@b2b/test-kit/poll';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { deadPort, type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

let app: Awaited<ReturnType<typeof buildApp>> | undefined;
let upstream: FakeUpstream | undefined;

afterEach(async () => {
  await app?.close();
  await upstream?.close();
  app = undefined;
  upstream = undefined;
});

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

describe('an upstream that is down or slow', () => {
  it('answers 503 problem+json at once when nothing listens', async () => {
    const port = await deadPort();
    app = await buildApp({ config: testConfig(`http://127.0.0.1:${port}`), verifier: fakeVerifier });
    const { value: res, ms } = await timed(() => app!.inject({ method: 'GET', url: '/api/v1/users/me' }));
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      detail: 'user is not reachable right now',
    });
    expect(res.headers['retry-after']).toBeDefined();
    expect(JSON.stringify(res.json())).not.toContain('ECONNREFUSED');
    // Generous for a busy CI machine; a hanging connect would take the whole request timeout.
    expect(ms).toBeLessThan(1_500);
  });

  it('answers 503 after the request timeout when the upstream hangs', async () => {
    upstream = await startFakeUpstream();
    app = await buildApp({
      config: testConfig(upstream.url, { upstream: { connectTimeoutMs: 500, requestTimeoutMs: 300 } }),
      verifier: fakeVerifier,
    });
    const { value: res, ms } = await timed(() => app!.inject({ method: 'GET', url: '/api/v1/users/hang' }));
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_TIMEOUT', detail: 'user did not answer in time' });
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3_000);
  });

  it("passes an upstream's own 5xx through but counts it against the breaker", async () => {
    upstream = await startFakeUpstream();
    app = await buildApp({
      config: testConfig(upstream.url, {
        breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
      }),
      verifier: fakeVerifier,
    });
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/users/fail' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ title: 'Internal Server Error' });
    }
    const hitsBefore = upstream.seen.length;
    const open = await app.inject({ method: 'GET', url: '/api/v1/users/fail' });
    expect(open.statusCode).toBe(503);
    expect(open.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(upstream.seen.length).toBe(hitsBefore);
  });
});

describe('the breaker of an upstream', () => {
  it('opens after repeated failures, answers 503 with retry-after without calling, and closes after recovery', async () => {
    const port = await deadPort();
    app = await buildApp({
      config: testConfig(`http://127.0.0.1:${port}`, {
        breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 600 },
      }),
      verifier: fakeVerifier,
    });
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/users/me' });
      expect(res.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    }
    // Open now: the upstream comes back, but the breaker answers without calling it.
    upstream = await startFakeUpstream(port);
    const { value: open, ms } = await timed(() => app!.inject({ method: 'GET', url: '/api/v1/users/me' }));
    expect(open.statusCode).toBe(503);
    expect(open.json()).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      detail: 'user is not reachable right now',
    });
    expect(Number(open.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(ms).toBeLessThan(1_000);
    expect(upstream.seen).toHaveLength(0);

    // After the reset timeout one trial call goes through, succeeds, and the breaker closes.
    await pollUntil(
      async () => (await app!.inject({ method: 'GET', url: '/api/v1/users/me' })).statusCode === 200,
      { timeoutMs: 5_000, message: 'the breaker closing again' },
    );
    const after = await app.inject({ method: 'GET', url: '/api/v1/users/me' });
    expect(after.statusCode).toBe(200);
    expect(upstream.seen.length).toBeGreaterThanOrEqual(2);
  });
});

describe('over real HTTP', () => {
  it('refuses dot segments that a client sends raw', async () => {
    upstream = await startFakeUpstream();
    app = await buildApp({ config: testConfig(upstream.url), verifier: fakeVerifier });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const res = await new Promise<number>((resolve, reject) => {
      // node:http sends the path exactly as given (fetch would normalise it).
      import('node:http').then(({ request }) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/api/v1/auth/%2e%2e/internal/revocations' },
          (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          },
        );
        req.once('error', reject);
        req.end();
      });
    });
    expect(res).toBe(400);
    expect(upstream.seen).toHaveLength(0);
  });
});
