/** The soak's printout: the checks (each ok or FAILED), then every process's memory over the run. */
import { markdownTable } from '@b2b/fault-injection/table';
import type { RssGrowth, RssPolicy } from './rss.ts';

export interface CheckRow {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ProcessRow {
  readonly name: string;
  /** False for the database, whose memory holds the run's data and grows by design. */
  readonly judged: boolean;
  readonly growth: RssGrowth;
}

const mb = (kb: number | undefined) => (kb === undefined ? '-' : (kb / 1024).toFixed(1));

export function formatReport(r: {
  checks: readonly CheckRow[];
  processes: readonly ProcessRow[];
  policy: RssPolicy;
  summary: readonly string[];
}): string {
  const pct = (f: number) => `${Math.round(f * 100)} %`;
  const checks = markdownTable(
    ['check', 'result', 'detail'],
    r.checks.map((c) => [c.check, c.ok ? 'ok' : 'FAILED', c.detail]),
  );
  const memory = markdownTable(
    ['process', 'samples', 'baseline MB', 'end MB', 'peak MB', 'growth', 'verdict'],
    r.processes.map((p) => [
      p.name,
      String(p.growth.samples),
      mb(p.growth.baselineKb),
      mb(p.growth.endKb),
      mb(p.growth.peakKb),
      p.growth.growthPct === undefined ? '-' : `${p.growth.growthPct.toFixed(1)} %`,
      !p.judged ? 'shown, not judged (holds the data)' : p.growth.ok ? 'ok' : (p.growth.problem ?? 'FAILED'),
    ]),
  );
  return [
    checks,
    '',
    `RSS (VmRSS): warm-up = the first ${pct(r.policy.warmUp)} of the orders and at least ${r.policy.minWarmUpMs / 1000} s; baseline = median over the next ${pct(r.policy.window)}, end = median over the last ${pct(r.policy.window)}; limit ${r.policy.limitPct} % growth.`,
    '',
    memory,
    '',
    ...r.summary,
  ].join('\n');
}
