import { describe, expect, it } from 'vitest';
import { findKnee } from '../src/knee.ts';
import { type Sample, summarise, summariseByRoute } from '../src/stats.ts';
import { failuresText, report, stepsTable } from '../src/table.ts';

const samples = (route: string, n: number, ms: number, status = 200): Sample[] =>
  Array.from({ length: n }, () => ({ route, ms, status }));

describe('the report', () => {
  const routes = summariseByRoute(
    [...samples('search', 30, 12), ...samples('checkout', 2, 80, 409), ...samples('cart', 1, 10_000, 0)],
    ['search', 'product', 'checkout', 'cart'],
    1_000,
  );
  const ceiling = summarise('bare Fastify', samples('ceiling', 600, 2), 1_000);
  const table = stepsTable([{ concurrency: 5, routes, ceiling }]);

  it('has a row per route with its counts and latencies, the step, the ceiling and the ratio', () => {
    expect(table).toContain('| 5 | search | 30 | 30.0 | 12.0 | 12.0 | 12.0 | 0 | 0 |  |');
    expect(table).toContain('| 5 | checkout | 2 | 2.0 | 80.0 | 80.0 | 80.0 | 2 | 0 | 409×2 |');
    expect(table).toContain('| 5 | **all** | 33 | 33.0 |');
    expect(table).toContain('| 5 | bare Fastify (ceiling) | 600 | 600 | 2.0 |');
    expect(table).toContain('| 5 | platform ÷ ceiling | | 0.055× |');
  });

  it('shows a dash, not 0 ms, for a route without answers', () => {
    expect(table).toContain('| 5 | product | 0 | 0.0 | – | – | – | 0 | 0 |  |');
    expect(table).toContain('| 5 | cart | 1 | 1.0 | – | – | – | 0 | 1 | no answer×1 |');
  });

  it('names failed statuses in order, "no answer" for errors, nothing when all succeeded', () => {
    expect(failuresText({ 503: 2, 0: 1, 409: 4 })).toBe('no answer×1, 409×4, 503×2');
    expect(failuresText({})).toBe('');
  });

  it('puts the knee, the examples of failures and a skipped proxy comparison in the report', () => {
    const text = report({
      header: ['a run'],
      steps: [{ concurrency: 5, routes, ceiling }],
      proxy: { status: 'skipped', reason: 'nginx is not installed' },
      knee: findKnee([{ concurrency: 5, p95: 80 }], 200),
      targetMs: 200,
      failureExamples: new Map([['checkout 409', 'CART_BUSY: The cart is being changed']]),
    });
    expect(text).toContain('- checkout 409: CART_BUSY: The cart is being changed');
    expect(text).toContain('gateway vs nginx: skipped (nginx is not installed)');
    expect(text).toContain('## Knee: not reached: p95 ≤ 200 ms up to concurrency 5');
  });
});
