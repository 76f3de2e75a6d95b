/**
 * Per-route aggregation of one step: every response time is kept (a step is bounded in time, so
 * the arrays are too), so p50/p95/p99 are exact rather than a histogram's estimate.
 */

/** One request as the driver saw it. `status` 0: no HTTP answer (connection refused, reset, timeout). */
export interface Sample {
  readonly route: string;
  readonly ms: number;
  readonly status: number;
}

export interface RouteSummary {
  readonly route: string;
  /** Requests that got an answer or failed, in the step. */
  readonly requests: number;
  readonly requestsPerSec: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Answered, with a status outside 2xx. */
  readonly non2xx: number;
  /** No HTTP answer at all. */
  readonly errors: number;
  /** Count per status outside 2xx (`0` = no answer): what the errors were. */
  readonly failures: Readonly<Record<string, number>>;
}

/** Nearest-rank percentile of ascending `sorted` (`p` in 0..100); 0 for no values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * One summary of `samples` under the name `route`. Latencies are those of answered requests
 * (any status): a request without an answer has no latency worth ranking, it is counted in errors.
 */
export function summarise(route: string, samples: readonly Sample[], elapsedMs: number): RouteSummary {
  const answered: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const failures: Record<string, number> = {};
  for (const s of samples) {
    if (s.status === 0) errors++;
    else {
      answered.push(s.ms);
      if (s.status < 200 || s.status >= 300) non2xx++;
    }
    if (s.status < 200 || s.status >= 300) failures[s.status] = (failures[s.status] ?? 0) + 1;
  }
  answered.sort((a, b) => a - b);
  return {
    route,
    requests: samples.length,
    requestsPerSec: elapsedMs > 0 ? (samples.length * 1000) / elapsedMs : 0,
    p50: percentile(answered, 50),
    p95: percentile(answered, 95),
    p99: percentile(answered, 99),
    non2xx,
    errors,
    failures,
  };
}

/**
 * Per route, in the order of `routes` (routes without samples included, with zeros, so every step
 * has the same rows), then `all`: the step as a whole.
 */
export function summariseByRoute(
  samples: readonly Sample[],
  routes: readonly string[],
  elapsedMs: number,
): RouteSummary[] {
  const byRoute = new Map<string, Sample[]>(routes.map((r) => [r, []]));
  for (const s of samples) {
    const list = byRoute.get(s.route);
    if (list) list.push(s);
    else byRoute.set(s.route, [s]);
  }
  return [
    ...[...byRoute].map(([route, list]) => summarise(route, list, elapsedMs)),
    summarise('all', samples, elapsedMs),
  ];
}
