import { describe, expect, it } from 'vitest';
import { defaultRssPolicy, parseVmRssKb, type RssSample, rssGrowth } from '../src/rss.ts';

/** One sample per 1 % of the orders, 10 s apart (a 1,000 s run), RSS given by `kbAt(progress)`. */
const run = (kbAt: (progress: number) => number, pid = 100, msPerSample = 10_000): RssSample[] =>
  Array.from({ length: 101 }, (_, i) => ({
    progress: i / 100,
    atMs: i * msPerSample,
    pid,
    rssKb: kbAt(i / 100),
  }));

describe('RSS growth after warm-up', () => {
  it('passes memory that climbs during warm-up and then holds, with GC saw-teeth', () => {
    const growth = rssGrowth(
      run((p) => (p < 0.1 ? 50_000 + p * 500_000 : 100_000 + ((p * 100) % 2) * 3_000)),
    );
    expect(growth.ok).toBe(true);
    expect(growth.problem).toBeUndefined();
    expect(growth.baselineKb).toBeGreaterThanOrEqual(100_000);
    expect(growth.growthPct).toBeLessThan(5);
  });

  it('fails memory that keeps growing after warm-up, and says by how much', () => {
    // 100 MB at 15 % of the orders, +1 MB each 1 % after: ~175 MB at the end.
    const growth = rssGrowth(run((p) => 100_000 + Math.max(0, p - 0.15) * 100_000));
    expect(growth.ok).toBe(false);
    expect(growth.growthPct).toBeGreaterThan(20);
    expect(growth.problem).toMatch(/grew \d+\.\d % after warm-up \(limit 20 %\)/);
  });

  it('judges growth just under the limit ok and just over it failed', () => {
    const step = (endKb: number) => run((p) => (p >= 0.9 ? endKb : 100_000));
    expect(rssGrowth(step(119_000)).ok).toBe(true);
    expect(rssGrowth(step(121_000)).ok).toBe(false);
  });

  it('ignores a warm-up spike: only the orders after the first 10 % count', () => {
    expect(rssGrowth(run((p) => (p < 0.1 ? 400_000 : 100_000))).ok).toBe(true);
    expect(rssGrowth(run((p) => (p < 0.1 ? 100_000 : 400_000))).ok).toBe(true);
    expect(rssGrowth(run((p) => (p < 0.5 ? 100_000 : 400_000))).ok).toBe(false);
  });

  it('fails a process that was restarted during the run (a new pid), even with flat memory', () => {
    const samples = run(() => 100_000).map((s, i) => (i > 50 ? { ...s, pid: 200 } : s));
    const growth = rssGrowth(samples);
    expect(growth.ok).toBe(false);
    expect(growth.problem).toBe('restarted during the run (pids 100, 200)');
    expect(rssGrowth(run(() => 100_000)).ok).toBe(true);
  });

  it('refuses to judge a run too short to have samples after warm-up', () => {
    const early = run(() => 100_000).filter((s) => s.progress < 0.1);
    expect(rssGrowth(early)).toMatchObject({ ok: false, problem: 'too few samples after warm-up to judge' });
    expect(rssGrowth([])).toMatchObject({ ok: false, samples: 0 });
  });

  it('judges a run cut short on the orders it got through', () => {
    const half = run((p) => 100_000 + p * 10_000).filter((s) => s.progress <= 0.5);
    const growth = rssGrowth(half);
    expect(growth.ok).toBe(true);
    expect(growth.endKb).toBeGreaterThan(104_000);
    const leakingHalf = run((p) => 100_000 + p * 200_000).filter((s) => s.progress <= 0.5);
    expect(rssGrowth(leakingHalf).ok).toBe(false);
  });

  it('reads VmRSS from a /proc status text, and nothing from one without it', () => {
    expect(parseVmRssKb('Name:\tnode\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads:\t11\n')).toBe(123_456);
    expect(parseVmRssKb('Name:\tkthreadd\nThreads:\t1\n')).toBeUndefined();
  });

  it('keeps a short run warming up for the first 60 s, however few orders that is', () => {
    // A 100 s run: memory climbs for the first 50 s (half the orders), then holds.
    const short = run((p) => 100_000 + Math.min(p, 0.5) * 100_000, 100, 1_000);
    expect(rssGrowth(short)).toMatchObject({ ok: true, baselineKb: 150_000, endKb: 150_000 });
    // Judged from 10 % of the orders alone, the same climb would look like a leak.
    expect(rssGrowth(short, { ...defaultRssPolicy, minWarmUpMs: 0 }).ok).toBe(false);
  });

  it('cannot judge a run that never got past 60 s of warm-up', () => {
    const tooShort = run(() => 100_000, 100, 500);
    expect(rssGrowth(tooShort)).toMatchObject({
      ok: false,
      problem: 'too few samples after warm-up to judge',
    });
  });
});
