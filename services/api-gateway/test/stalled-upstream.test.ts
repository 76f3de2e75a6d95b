/**
 * A stalled upstream (SIGSTOP, a hung event loop): the kernel still accepts its connections, but
 * nothing answers. Only the request timeout notices, so only timeouts can open the breaker. With
 * the production settings (`gatewayDefaults`) the breaker must open within a few seconds of the
 * stall, after which callers get a fast 503 instead of each waiting out a timeout; an upstream
 * that is slow but answers within the timeout must not open it.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { gatewayDefaults } from '../src/config.ts';
import { fakeVerifier, testConfig } from './harness.ts';

type Mode = 'healthy' | 'stalled' | { slowMs: number };

interface SwitchableUpstream {
  readonly url: string;
  mode: Mode;
  /** Requests that reached the upstream (stalled ones included). */
  received: number;
  close(): Promise<void>;
}

async function startSwitchableUpstream(mode: Mode): Promise<SwitchableUpstream> {
  const held = new Set<ServerResponse>();
  const answer = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  };
  const server: Server = createServer((_req, res) => {
    upstream.received += 1;
    const current = upstream.mode;
    if (current === 'healthy') answer(res);
    else if (current === 'stalled')
      held.add(res); // accepted, read, never answered
    else setTimeout(() => answer(res), current.slowMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const upstream: SwitchableUpstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    mode,
    received: 0,
    async close() {
      held.clear();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return upstream;
}

interface Outcome {
  /** When it was sent, ms after the driver's `mark()`. */
  readonly sentAt: number;
  readonly ms: number;
  readonly status: number;
  readonly code: string | undefined;
}

/** Steady client traffic (one request per `everyMs`, not awaited), as a busy gateway sees it. */
function steadyTraffic(app: Awaited<ReturnType<typeof buildApp>>, everyMs: number) {
  const outcomes: Outcome[] = [];
  const pending = new Set<Promise<void>>();
  let origin = performance.now();
  const send = () => {
    const started = performance.now();
    const done = app.inject({ method: 'GET', url: '/api/v1/users/me' }).then((res) => {
      const body = String(res.headers['content-type']).includes('json') ? res.json() : {};
      outcomes.push({
        sentAt: started - origin,
        ms: performance.now() - started,
        status: res.statusCode,
        code: (body as { code?: string }).code,
      });
    });
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };
  const timer = setInterval(send, everyMs);
  return {
    outcomes,
    /** Times of later outcomes count from now. */
    mark() {
      origin = performance.now();
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
    },
  };
}

/** "Within a few seconds": what the breaker must manage after a stall begins. */
const fewSecondsMs = 8_000;

const productionTimeouts = {
  upstream: gatewayDefaults.upstream,
  breaker: gatewayDefaults.breaker,
};

let app: Awaited<ReturnType<typeof buildApp>> | undefined;
let upstream: SwitchableUpstream | undefined;
let traffic: ReturnType<typeof steadyTraffic> | undefined;

afterEach(async () => {
  await traffic?.stop();
  await upstream?.close();
  await app?.close();
  traffic = undefined;
  upstream = undefined;
  app = undefined;
});

describe('the breaker toward a stalled upstream (production settings)', () => {
  it('opens within a few seconds of the stall; then callers get 503 at once and the upstream is not called', async () => {
    upstream = await startSwitchableUpstream('healthy');
    app = await buildApp({ config: testConfig(upstream.url, productionTimeouts), verifier: fakeVerifier });
    traffic = steadyTraffic(app, 100);
    // A second of healthy traffic first: its successes are in the breaker's window when the stall begins.
    await pollUntil(() => traffic!.outcomes.length >= 10, { timeoutMs: 5_000, message: 'healthy traffic' });
    expect(traffic.outcomes.every((o) => o.status === 200)).toBe(true);

    upstream.mode = 'stalled';
    traffic.mark();
    const fastRefusal = await pollUntil(
      () =>
        traffic!.outcomes.find(
          (o) => o.sentAt >= 0 && o.status === 503 && o.code === 'UPSTREAM_UNAVAILABLE' && o.ms < 100,
        ),
      {
        timeoutMs: fewSecondsMs + 5_000,
        intervalMs: 50,
        message: 'a 503 from the open breaker in under 100 ms',
      },
    );
    // Stalled calls time out (503 UPSTREAM_TIMEOUT after the request timeout) until it opens.
    expect(fastRefusal.sentAt).toBeLessThan(fewSecondsMs);
    expect(traffic.outcomes.some((o) => o.code === 'UPSTREAM_TIMEOUT')).toBe(true);

    await traffic.stop();
    const receivedBefore = upstream.received;
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/me' });
    const ms = performance.now() - started;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Far below the request timeout: nobody waits for the stalled upstream any more.
    expect(ms).toBeLessThan(gatewayDefaults.upstream.requestTimeoutMs / 2);
    expect(upstream.received).toBe(receivedBefore);
  }, 30_000);

  it('stays closed for an upstream that is slow but answers within the request timeout', async () => {
    const slowMs = gatewayDefaults.upstream.requestTimeoutMs / 2;
    upstream = await startSwitchableUpstream({ slowMs });
    app = await buildApp({ config: testConfig(upstream.url, productionTimeouts), verifier: fakeVerifier });
    traffic = steadyTraffic(app, 100);
    traffic.mark();
    // Longer than the stalled upstream above may take to open the breaker.
    const watchMs = fewSecondsMs;
    await pollUntil(() => traffic!.outcomes.some((o) => o.sentAt >= watchMs), {
      timeoutMs: watchMs + 10_000,
      intervalMs: 50,
      message: `answers to requests sent ${watchMs} ms into the slow traffic`,
    });
    await traffic.stop();
    expect(traffic.outcomes.length).toBeGreaterThanOrEqual(watchMs / 100 / 2);
    for (const outcome of traffic.outcomes) {
      expect(outcome).toMatchObject({ status: 200 });
      expect(outcome.ms).toBeGreaterThanOrEqual(slowMs - 10); // they really were slow
    }
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/me' });
    expect(res.statusCode).toBe(200);
  }, 30_000);
});

describe('the upload routes wait longer than the request timeout', () => {
  it('an import slower than the request timeout still answers; an ordinary route that slow times out', async () => {
    const timeouts = { upstream: { connectTimeoutMs: 500, requestTimeoutMs: 300, uploadTimeoutMs: 5_000 } };
    upstream = await startSwitchableUpstream({ slowMs: 2_500 });
    app = await buildApp({ config: testConfig(upstream.url, timeouts), verifier: fakeVerifier });
    const imported = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/products/import',
      headers: { 'content-type': 'text/csv' },
      payload: 'sku,name,listPrice\nA-1,Bolt,1.00\n',
    });
    expect(imported.statusCode).toBe(200);
    const ordinary = await app.inject({ method: 'GET', url: '/api/v1/users/me' });
    expect(ordinary.statusCode).toBe(503);
    expect(ordinary.json()).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  }, 30_000);
});
