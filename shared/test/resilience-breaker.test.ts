import { AppError } from '@b2b/shared/errors';
import { BreakerOpenError, breakerStates, createBreaker } from '@b2b/shared/resilience';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterEach, describe, expect, it } from 'vitest';

const shutdowns: (() => void)[] = [];
afterEach(() => {
  for (const stop of shutdowns.splice(0)) stop();
});

function flakyDownstream() {
  const downstream = { calls: 0, failing: true };
  const action = async (): Promise<string> => {
    downstream.calls++;
    if (downstream.failing) throw new Error('connection reset');
    return 'ok';
  };
  return { downstream, action };
}

describe('createBreaker', () => {
  it('opens after repeated failures, fails fast with 503 while open, then half-opens and closes', async () => {
    const { downstream, action } = flakyDownstream();
    const breaker = createBreaker('inventory', action, {
      timeoutMs: 1_000,
      volumeThreshold: 3,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 300,
    });
    shutdowns.push(() => breaker.shutdown());

    for (let i = 0; i < 3; i++) await expect(breaker.fire()).rejects.toThrow('connection reset');
    expect(breaker.state()).toBe('open');
    expect(breakerStates()).toContainEqual({ name: 'inventory', state: 'open' });

    const callsWhenOpened = downstream.calls;
    const started = performance.now();
    const err = await breaker.fire().catch((e: unknown) => e);
    const elapsedMs = performance.now() - started;
    expect(err).toBeInstanceOf(BreakerOpenError);
    expect(err).toBeInstanceOf(AppError);
    expect((err as BreakerOpenError).status).toBe(503);
    expect((err as BreakerOpenError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect((err as BreakerOpenError).headers?.['retry-after']).toBe('1');
    expect(downstream.calls).toBe(callsWhenOpened); // the downstream was not called
    expect(elapsedMs).toBeLessThan(50);

    await pollUntil(() => breaker.state() === 'halfOpen', { timeoutMs: 3_000, message: 'breaker half-open' });
    downstream.failing = false;
    await expect(breaker.fire()).resolves.toBe('ok');
    expect(breaker.state()).toBe('closed');
    expect(breakerStates()).toContainEqual({ name: 'inventory', state: 'closed' });
  });

  it('tells callers in retry-after how long until the next trial call', async () => {
    const { action } = flakyDownstream();
    const breaker = createBreaker('search-index', action, {
      timeoutMs: 1_000,
      volumeThreshold: 1,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 4_500,
    });
    shutdowns.push(() => breaker.shutdown());
    await expect(breaker.fire()).rejects.toThrow();
    const err = (await breaker.fire().catch((e: unknown) => e)) as BreakerOpenError;
    expect(err.headers?.['retry-after']).toBe('5');
    expect(err.retryAfterSeconds).toBe(5);
  });

  it('a failed trial call in half-open state opens it again', async () => {
    const { action } = flakyDownstream();
    const breaker = createBreaker('pricing', action, {
      timeoutMs: 1_000,
      volumeThreshold: 1,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 100,
    });
    shutdowns.push(() => breaker.shutdown());
    await expect(breaker.fire()).rejects.toThrow();
    await pollUntil(() => breaker.state() === 'halfOpen', { timeoutMs: 3_000, message: 'breaker half-open' });
    await expect(breaker.fire()).rejects.toThrow('connection reset');
    expect(breaker.state()).toBe('open');
  });

  it('does not count 4xx errors as failures', async () => {
    let calls = 0;
    const notFound = async (): Promise<string> => {
      calls++;
      if (calls % 2) throw new AppError({ status: 404, code: 'NOT_FOUND' });
      throw Object.assign(new Error('unprocessable'), { statusCode: 422 });
    };
    const breaker = createBreaker('catalog', notFound, {
      timeoutMs: 1_000,
      volumeThreshold: 2,
      errorThresholdPercentage: 10,
      resetTimeoutMs: 10_000,
    });
    shutdowns.push(() => breaker.shutdown());
    for (let i = 0; i < 10; i++) {
      const err = await breaker.fire().catch((e: unknown) => e);
      expect([404, 422]).toContain(
        (err as { status?: number; statusCode?: number }).status ??
          (err as { statusCode: number }).statusCode,
      );
    }
    expect(calls).toBe(10);
    expect(breaker.state()).toBe('closed');
  });

  it('turns a slow call into a 504 and counts it', async () => {
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('late'), 500));
    const breaker = createBreaker('slow', slow, {
      timeoutMs: 30,
      volumeThreshold: 1,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 10_000,
    });
    shutdowns.push(() => breaker.shutdown());
    const err = await breaker.fire().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT' });
    expect(breaker.state()).toBe('open');
  });

  it('answers with the fallback while open, and tells it why', async () => {
    const { action } = flakyDownstream();
    const seen: unknown[] = [];
    const breaker = createBreaker('rates', action, {
      timeoutMs: 1_000,
      volumeThreshold: 1,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 10_000,
      fallback: (err) => {
        seen.push(err);
        return 'cached';
      },
    });
    shutdowns.push(() => breaker.shutdown());
    await expect(breaker.fire()).resolves.toBe('cached'); // failure → fallback
    expect(breaker.state()).toBe('open');
    await expect(breaker.fire()).resolves.toBe('cached'); // open → fallback
    expect(seen[1]).toBeInstanceOf(BreakerOpenError);
  });

  it('a second breaker under the same name (another app instance) leaves the first one working', async () => {
    const opts = { timeoutMs: 100, volumeThreshold: 1, errorThresholdPercentage: 50, resetTimeoutMs: 100 };
    const first = createBreaker('upstream:user', async () => 'first', opts);
    const second = createBreaker('upstream:user', async () => 'second', opts);
    shutdowns.push(
      () => first.shutdown(),
      () => second.shutdown(),
    );
    await expect(first.fire()).resolves.toBe('first');
    await expect(second.fire()).resolves.toBe('second');
    expect(breakerStates().filter((b) => b.name === 'upstream:user')).toHaveLength(2);
  });

  it('shutdown removes the breaker from the registry', () => {
    const breaker = createBreaker('temporary', async () => 1, {
      timeoutMs: 100,
      volumeThreshold: 1,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 100,
    });
    expect(breakerStates().map((b) => b.name)).toContain('temporary');
    breaker.shutdown();
    expect(breakerStates().map((b) => b.name)).not.toContain('temporary');
  });
});
