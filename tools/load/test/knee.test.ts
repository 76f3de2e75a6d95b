import { describe, expect, it } from 'vitest';
import { describeKnee, findKnee } from '../src/knee.ts';

describe('the knee finder', () => {
  it('finds the first concurrency whose p95 is above the target', () => {
    const knee = findKnee(
      [
        { concurrency: 5, p95: 20 },
        { concurrency: 10, p95: 80 },
        { concurrency: 20, p95: 250 },
        { concurrency: 50, p95: 900 },
      ],
      200,
    );
    expect(knee).toEqual({ reached: true, concurrency: 20, p95: 250 });
    expect(describeKnee(knee, 200)).toBe('p95 crosses 200 ms at concurrency 20 (p95 250.0 ms)');
  });

  it('reports "not reached" with the highest concurrency when every p95 meets the target', () => {
    const knee = findKnee(
      [
        { concurrency: 5, p95: 20 },
        { concurrency: 100, p95: 199.9 },
      ],
      200,
    );
    expect(knee).toEqual({ reached: false, highestConcurrency: 100 });
    expect(describeKnee(knee, 200)).toBe('not reached: p95 ≤ 200 ms up to concurrency 100');
  });

  it('counts exactly the target as meeting it, one above as crossing', () => {
    expect(findKnee([{ concurrency: 5, p95: 200 }], 200).reached).toBe(false);
    expect(findKnee([{ concurrency: 5, p95: 200.1 }], 200).reached).toBe(true);
  });

  it('reads steps in order of concurrency, not of the list', () => {
    const knee = findKnee(
      [
        { concurrency: 50, p95: 400 },
        { concurrency: 20, p95: 300 },
        { concurrency: 5, p95: 10 },
      ],
      200,
    );
    expect(knee).toEqual({ reached: true, concurrency: 20, p95: 300 });
  });

  it('says so when no step ran', () => {
    expect(describeKnee(findKnee([], 200), 200)).toBe('not reached (no step ran)');
  });
});
