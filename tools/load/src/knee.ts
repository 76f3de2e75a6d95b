/**
 * The knee: the first concurrency at which the platform's p95 crosses the target (200 ms, the
 * seed's latency target). Steps are read in order of concurrency, whatever order they ran in.
 */

export interface StepLatency {
  readonly concurrency: number;
  /** p95 of the step over every route, in ms. */
  readonly p95: number;
}

export type Knee =
  | { readonly reached: true; readonly concurrency: number; readonly p95: number }
  | { readonly reached: false; readonly highestConcurrency: number | undefined };

/** "Crosses" is strictly above: a p95 of exactly the target still meets it. */
export function findKnee(steps: readonly StepLatency[], targetMs: number): Knee {
  const ordered = [...steps].sort((a, b) => a.concurrency - b.concurrency);
  const first = ordered.find((step) => step.p95 > targetMs);
  if (first) return { reached: true, concurrency: first.concurrency, p95: first.p95 };
  return { reached: false, highestConcurrency: ordered.at(-1)?.concurrency };
}

export function describeKnee(knee: Knee, targetMs: number): string {
  if (knee.reached)
    return `p95 crosses ${targetMs} ms at concurrency ${knee.concurrency} (p95 ${knee.p95.toFixed(1)} ms)`;
  if (knee.highestConcurrency === undefined) return 'not reached (no step ran)';
  return `not reached: p95 ≤ ${targetMs} ms up to concurrency ${knee.highestConcurrency}`;
}
