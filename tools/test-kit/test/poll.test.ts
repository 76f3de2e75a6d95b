import { describe, expect, it } from 'vitest';
import { PollTimeoutError, pollUntil } from '../src/poll.ts';

describe('pollUntil', () => {
  it('resolves with the first value that holds (positive control)', async () => {
    let calls = 0;
    const value = await pollUntil(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throw as "not yet" and keeps polling', async () => {
    let calls = 0;
    const value = await pollUntil(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not there yet');
        return 'there';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('there');
  });

  it('times out with its message and the last value seen', async () => {
    const started = Date.now();
    const err = await pollUntil(() => undefined, {
      timeoutMs: 150,
      intervalMs: 10,
      message: 'order confirmed',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PollTimeoutError);
    expect((err as Error).message).toMatch(
      /^order confirmed not met within 150 ms \(\d+ attempts; last value: undefined\)$/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('times out naming the last error when the condition kept throwing', async () => {
    let n = 0;
    const err = await pollUntil(
      () => {
        n += 1;
        throw new Error(`attempt ${n} failed`);
      },
      { timeoutMs: 60, intervalMs: 5, message: 'readiness' },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toContain('readiness not met within 60 ms');
    expect((err as Error).message).toContain(`last error: Error: attempt ${n} failed`);
    expect((err as PollTimeoutError).last).toBeInstanceOf(Error);
  });

  it('reports the last returned value (false, null or a partial result) in the message', async () => {
    let n = 0;
    const err = await pollUntil(() => (n++ < 1 ? null : false), { timeoutMs: 40, intervalMs: 5 }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/^condition not met within 40 ms .*last value: false\)$/);
  });
});
