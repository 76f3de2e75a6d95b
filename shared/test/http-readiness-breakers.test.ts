/**
 * Open breakers show in readiness as `degraded` but keep the service ready: a failing downstream
 * must not pull its healthy callers out of the load balancer (see shared/src/http/health.ts).
 */
import { createService, type ServiceApp } from '@b2b/shared/http';
import { type Breaker, createBreaker } from '@b2b/shared/resilience';
import { afterEach, describe, expect, it } from 'vitest';

let app: ServiceApp | undefined;
let breaker: Breaker<[], string> | undefined;
afterEach(async () => {
  breaker?.shutdown();
  await app?.close();
});

describe('readiness and circuit breakers', () => {
  it('reports an open breaker by name as degraded, stays ready, and clears once it closes', async () => {
    app = createService({ name: 'demo', logLevel: 'silent' });
    app.readiness.register('database', () => undefined);
    let failing = true;
    breaker = createBreaker(
      'payment',
      async () => {
        if (failing) throw new Error('connection refused');
        return 'ok';
      },
      { timeoutMs: 1_000, volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    );

    const before = await app.inject({ url: '/health/ready' });
    expect(before.json().checks.breakers).toEqual({ status: 'up' });

    for (let i = 0; i < 2; i++) await expect(breaker.fire()).rejects.toThrow('connection refused');
    expect(breaker.state()).toBe('open');

    const open = await app.inject({ url: '/health/ready' });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toEqual({
      status: 'ready',
      checks: { breakers: { status: 'degraded', detail: 'open: payment' }, database: { status: 'up' } },
    });

    failing = false;
    breaker.shutdown();
    breaker = undefined;
    const closed = await app.inject({ url: '/health/ready' });
    expect(closed.json().checks.breakers).toEqual({ status: 'up' });
  });

  it('a critical check still fails readiness while a non-critical one only degrades it', async () => {
    app = createService({ name: 'demo', logLevel: 'silent' });
    app.readiness.register(
      'cache',
      () => {
        throw new Error('cache unreachable');
      },
      { critical: false },
    );
    const degraded = await app.inject({ url: '/health/ready' });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json().checks.cache).toEqual({ status: 'degraded', detail: 'cache unreachable' });

    app.readiness.register('database', () => {
      throw new Error('ping failed');
    });
    const notReady = await app.inject({ url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().status).toBe('not_ready');
  });
});
