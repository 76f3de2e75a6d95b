import { AppError } from '@b2b/shared/errors';
import { BreakerOpenError, retry } from '@b2b/shared/resilience';
import { describe, expect, it } from 'vitest';

function failing(times: number, error: () => unknown = () => new Error('ECONNRESET')) {
  const state = { calls: 0 };
  const fn = async () => {
    state.calls++;
    if (state.calls <= times) throw error();
    return 'done';
  };
  return { state, fn };
}

describe('retry', () => {
  it('retries transient failures with exponentially growing, capped waits', async () => {
    const { state, fn } = failing(4);
    const delays: number[] = [];
    const result = await retry(fn, {
      retries: 5,
      baseMs: 4,
      maxMs: 20,
      random: () => 0.999,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    expect(result).toBe('done');
    expect(state.calls).toBe(5);
    // full jitter: uniform in [0, min(max, base * 2^n)); with random ≈ 1 the caps show
    expect(delays).toEqual([3, 7, 15, 19]);
  });

  it('jitters each wait below its cap', async () => {
    const { fn } = failing(3);
    const delays: number[] = [];
    let r = 0;
    const randoms = [0.5, 0, 0.25];
    await retry(fn, {
      retries: 3,
      baseMs: 100,
      maxMs: 1_000,
      random: () => randoms[r++] ?? 0,
      onRetry: ({ delayMs }) => delays.push(delayMs),
    });
    expect(delays).toEqual([50, 0, 100]);
  });

  it('gives up after the last retry with the last error', async () => {
    const { state, fn } = failing(10);
    await expect(retry(fn, { retries: 2, baseMs: 1, maxMs: 2 })).rejects.toThrow('ECONNRESET');
    expect(state.calls).toBe(3);
  });

  it('does not retry an open breaker', async () => {
    const { state, fn } = failing(10, () => new BreakerOpenError('user', 5));
    await expect(retry(fn, { retries: 5, baseMs: 1, maxMs: 2 })).rejects.toBeInstanceOf(BreakerOpenError);
    expect(state.calls).toBe(1);
  });

  it('does not retry client errors (4xx)', async () => {
    const { state, fn } = failing(10, () => new AppError({ status: 409, code: 'CONFLICT' }));
    await expect(retry(fn, { retries: 5, baseMs: 1, maxMs: 2 })).rejects.toMatchObject({ status: 409 });
    expect(state.calls).toBe(1);
  });

  it('honours a custom isRetryable', async () => {
    const { state, fn } = failing(10);
    await expect(retry(fn, { retries: 5, baseMs: 1, maxMs: 2, isRetryable: () => false })).rejects.toThrow();
    expect(state.calls).toBe(1);
  });
});
