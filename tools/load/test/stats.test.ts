import { describe, expect, it } from 'vitest';
import { percentile, type Sample, summarise, summariseByRoute } from '../src/stats.ts';

const ok = (route: string, ms: number): Sample => ({ route, ms, status: 200 });

describe('percentiles', () => {
  it('are nearest-rank over the sorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 95)).toBe(0);
  });
});

describe('per-route aggregation', () => {
  it('counts req/s, latencies, non-2xx and errors per route, and the step as a whole', () => {
    const samples: Sample[] = [
      ...Array.from({ length: 19 }, (_, i) => ok('search', 10 + i)),
      { route: 'search', ms: 500, status: 503 },
      ok('cart', 5),
      { route: 'cart', ms: 10_000, status: 0 },
    ];
    const [search, product, cart, all] = summariseByRoute(samples, ['search', 'product', 'cart'], 2_000);
    expect(search).toMatchObject({ route: 'search', requests: 20, requestsPerSec: 10, non2xx: 1, errors: 0 });
    expect(search!.failures).toEqual({ 503: 1 });
    expect(search!.p50).toBe(19);
    // The 503 took 500 ms and is ranked: a slow error is what a caller waited for.
    expect(search!.p99).toBe(500);
    expect(product).toMatchObject({
      route: 'product',
      requests: 0,
      requestsPerSec: 0,
      p95: 0,
      non2xx: 0,
      errors: 0,
    });
    // A request without an answer is an error, not a latency.
    expect(cart).toMatchObject({ requests: 2, non2xx: 0, errors: 1, p99: 5 });
    expect(cart!.failures).toEqual({ 0: 1 });
    expect(all).toMatchObject({ route: 'all', requests: 22, requestsPerSec: 11, non2xx: 1, errors: 1 });
  });

  it('keeps a route the list did not name instead of dropping its samples', () => {
    const rows = summariseByRoute([ok('search', 1), ok('setup', 2)], ['search'], 1_000);
    expect(rows.map((r) => [r.route, r.requests])).toEqual([
      ['search', 1],
      ['setup', 1],
      ['all', 2],
    ]);
  });

  it('counts a 2xx that is not 200 as a success and a 3xx as non-2xx', () => {
    const row = summarise(
      'checkout',
      [
        { route: 'checkout', ms: 3, status: 201 },
        { route: 'checkout', ms: 4, status: 304 },
      ],
      1_000,
    );
    expect(row.non2xx).toBe(1);
    expect(row.failures).toEqual({ 304: 1 });
  });
});
