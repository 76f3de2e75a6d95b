import { describe, expect, it } from 'vitest';
import { latencyStats, Recorder } from '../src/traffic.ts';

describe('the 503 recorder', () => {
  it('judges only the breaker answers (UPSTREAM_UNAVAILABLE), not the timeouts that open a breaker', () => {
    const rec = new Recorder();
    rec.see('probe', { status: 503, body: {}, ms: 5_000, code: 'UPSTREAM_TIMEOUT' });
    rec.see('probe', { status: 503, body: {}, ms: 900, code: 'AUTH_UNAVAILABLE' });
    rec.see('probe', { status: 200, body: {}, ms: 3_000 });
    expect(rec.breakerStats()).toBeUndefined();
    rec.see('probe', { status: 503, body: {}, ms: 12, code: 'UPSTREAM_UNAVAILABLE' });
    rec.see('checkout', { status: 503, body: {}, ms: 40, code: 'UPSTREAM_UNAVAILABLE' });
    expect(rec.breakerStats()).toEqual({ n: 2, p50: 12, p95: 40, max: 40 });
    expect(rec.summary503()).toContain('other 503s: 1 UPSTREAM_TIMEOUT, 1 AUTH_UNAVAILABLE');
  });

  it('takes nearest-rank percentiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(latencyStats(hundred)).toEqual({ n: 100, p50: 50, p95: 95, max: 100 });
    expect(latencyStats([])).toBeUndefined();
  });
});
