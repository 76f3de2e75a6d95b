/**
 * Resident memory of the platform's processes over the run, and whether it kept growing once the
 * platform was warm. Warm-up is the first `warmUp` (10 %) of the orders, and at least
 * `minWarmUpMs` (60 s) of them: JIT, caches, connection pools and the heap settle then (a short run's
 * 10 % is seconds: measured, the saga still took 18 s an order then, against 0.4 s later). The
 * baseline is the median RSS over the next `window` (10 %) of the orders, the end the median over
 * the last `window` of the orders the run got through; medians, because a garbage-collected heap
 * saws up and down between samples and one peak says nothing.
 */
import { readFileSync } from 'node:fs';

export interface RssSample {
  /** Orders accepted so far / orders planned (0..1): where in the run the sample was taken. */
  readonly progress: number;
  /** Milliseconds since the first checkout. */
  readonly atMs: number;
  readonly pid: number;
  readonly rssKb: number;
}

export interface RssPolicy {
  /** The first fraction of the orders, not judged. */
  readonly warmUp: number;
  /** ...and at least this long from the first checkout. */
  readonly minWarmUpMs: number;
  /** Width of the baseline window (after warm-up) and of the end window (the last orders). */
  readonly window: number;
  /** Growth from baseline to end that fails the check, in percent. */
  readonly limitPct: number;
}

export const defaultRssPolicy: RssPolicy = { warmUp: 0.1, minWarmUpMs: 60_000, window: 0.1, limitPct: 20 };

export interface RssGrowth {
  readonly samples: number;
  readonly baselineKb: number | undefined;
  readonly endKb: number | undefined;
  readonly peakKb: number | undefined;
  /** (end − baseline) / baseline × 100; undefined when a window had no sample. */
  readonly growthPct: number | undefined;
  readonly ok: boolean;
  /** Why it failed (or could not be judged); undefined when ok. */
  readonly problem: string | undefined;
}

/** `VmRSS:   123456 kB` of a /proc/<pid>/status text; undefined when absent (a kernel thread, a zombie). */
export function parseVmRssKb(status: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The process's RSS now; undefined when it is gone or has no memory of its own. */
export function readRssKb(pid: number): number | undefined {
  try {
    return parseVmRssKb(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One process's samples (in time order) judged against `policy`. */
export function rssGrowth(samples: readonly RssSample[], policy: RssPolicy = defaultRssPolicy): RssGrowth {
  const peakKb = samples.length > 0 ? Math.max(...samples.map((s) => s.rssKb)) : undefined;
  const judged = (problem: string | undefined, base?: number, end?: number, growth?: number): RssGrowth => ({
    samples: samples.length,
    baselineKb: base,
    endKb: end,
    peakKb,
    growthPct: growth,
    ok: problem === undefined,
    problem,
  });
  // A new pid means the process died and was restarted: its memory started again from zero,
  // so growth cannot be judged, and a crash in a soak is a failure of its own.
  const pids = new Set(samples.map((s) => s.pid));
  if (pids.size > 1) return judged(`restarted during the run (pids ${[...pids].join(', ')})`);
  const reached = samples.length > 0 ? Math.max(...samples.map((s) => s.progress)) : 0;
  const warmAt = samples.find((s) => s.atMs >= policy.minWarmUpMs)?.progress ?? Number.POSITIVE_INFINITY;
  const baseFrom = Math.max(policy.warmUp, warmAt);
  const baseTo = baseFrom + policy.window;
  const endFrom = Math.max(baseTo, reached - policy.window);
  const base = median(
    samples.filter((s) => s.progress >= baseFrom && s.progress < baseTo).map((s) => s.rssKb),
  );
  const end = median(samples.filter((s) => s.progress >= endFrom).map((s) => s.rssKb));
  if (base === undefined || end === undefined || reached < baseTo || !Number.isFinite(baseFrom))
    return judged('too few samples after warm-up to judge', base, end);
  const growth = ((end - base) / base) * 100;
  return judged(
    growth < policy.limitPct
      ? undefined
      : `grew ${growth.toFixed(1)} % after warm-up (limit ${policy.limitPct} %)`,
    base,
    end,
    growth,
  );
}
