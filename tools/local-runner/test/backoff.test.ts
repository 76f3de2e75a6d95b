import { describe, expect, it } from 'vitest';
import { backoffDelay, RestartBackoff } from '../src/backoff.ts';

const policy = { initialMs: 500, maxMs: 30_000, stableAfterMs: 30_000 };

describe('restart backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(policy, n))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(policy, 10_000)).toBe(30_000);
  });

  it('grows while a service keeps crashing quickly', () => {
    const backoff = new RestartBackoff(policy);
    expect(backoff.nextDelay(100)).toBe(500);
    expect(backoff.nextDelay(200)).toBe(1_000);
    expect(backoff.nextDelay(50)).toBe(2_000);
    expect(backoff.attempt).toBe(3);
  });

  it('starts over after a run that lasted long enough to count as stable', () => {
    const backoff = new RestartBackoff(policy);
    backoff.nextDelay(10);
    backoff.nextDelay(10);
    expect(backoff.nextDelay(60_000)).toBe(500);
    expect(backoff.attempt).toBe(1);
  });
});
