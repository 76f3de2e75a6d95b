/**
 * A steady rate: the k-th job is due at start + k / rate, whoever is free takes it, and at most
 * `concurrency` run at once. When the platform is slower than the rate the jobs start late (the
 * lag is recorded, so the report shows whether the rate held) instead of piling up unbounded.
 * Stops taking jobs at `deadline` or when `stop()` is called; `done` resolves when the running
 * ones finished.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface PacedRun {
  /** Jobs started so far. */
  started(): number;
  /** How late each job started against its schedule, in ms. */
  readonly lagsMs: number[];
  /** Take no further jobs (the running ones finish). */
  stop(): void;
  readonly done: Promise<void>;
}

/** When job `k` is due. */
export function dueAt(startMs: number, ratePerSecond: number, k: number): number {
  return startMs + (k * 1_000) / ratePerSecond;
}

export function runPaced(opts: {
  count: number;
  ratePerSecond: number;
  concurrency: number;
  /** Epoch ms after which no job starts. */
  deadline: number;
  job: (k: number, worker: number) => Promise<void>;
}): PacedRun {
  const startMs = Date.now();
  let next = 0;
  let stopped = false;
  const lagsMs: number[] = [];
  const worker = async (w: number) => {
    while (!stopped && next < opts.count) {
      const k = next++;
      const due = dueAt(startMs, opts.ratePerSecond, k);
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      if (stopped || Date.now() > opts.deadline) {
        stopped = true;
        return;
      }
      lagsMs.push(Math.max(0, Date.now() - due));
      await opts.job(k, w);
    }
  };
  const done = Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w))).then(() => {});
  return {
    started: () => lagsMs.length,
    lagsMs,
    stop: () => {
      stopped = true;
    },
    done,
  };
}
