/**
 * Reads every platform process's RSS on a clock: the runner's children from its status file (their
 * pids change on a restart, which the growth check then reports), the runner itself (it is the
 * load balancer) and the database process.
 */
import type { Platform } from '@b2b/fault-injection/platform';
import { type RssSample, readRssKb } from './rss.ts';

/** The database holds the run's data in memory: it grows by design, so it is shown, not judged. */
export const databaseProcess = 'database (docdb-local)';
export const runnerProcess = 'local-runner (load balancer)';

export interface Sampler {
  /** Process name → its samples in time order. */
  readonly samples: ReadonlyMap<string, RssSample[]>;
  stop(): void;
}

export function startSampler(platform: Platform, progress: () => number, everyMs: number): Sampler {
  const samples = new Map<string, RssSample[]>();
  const startedAt = Date.now();
  const take = () => {
    const at = progress();
    const atMs = Date.now() - startedAt;
    const pids: [string, number | null | undefined][] = [
      ...Object.entries(platform.status()).map(([name, s]) => [name, s.pid] as [string, number | null]),
      [runnerProcess, platform.runnerPid],
      [databaseProcess, platform.databasePid()],
    ];
    for (const [name, pid] of pids) {
      if (!pid) continue;
      const rssKb = readRssKb(pid);
      if (rssKb === undefined) continue;
      const series = samples.get(name) ?? [];
      series.push({ progress: at, atMs, pid, rssKb });
      samples.set(name, series);
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop: () => {
      take();
      clearInterval(timer);
    },
  };
}
