/** The run's report as markdown: per step and route, the ceiling next to it, the proxy comparison, the knee. */
import { describeKnee, type Knee } from './knee.ts';
import { gatewayRatios, type ProxyComparison } from './proxy-comparison.ts';
import type { RouteSummary } from './stats.ts';

export interface StepResult {
  readonly concurrency: number;
  readonly routes: readonly RouteSummary[];
  /** The bare-Fastify ceiling at the same concurrency; undefined with --no-ceiling. */
  readonly ceiling: RouteSummary | undefined;
}

const ms = (value: number) => value.toFixed(1);
// Small steps on a busy machine serve a few requests a second: keep a decimal there.
const rate = (value: number) => (value < 100 ? value.toFixed(1) : value.toFixed(0));

export function failuresText(failures: Readonly<Record<string, number>>): string {
  const parts = Object.entries(failures)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, count]) => `${status === '0' ? 'no answer' : status}×${count}`);
  return parts.length === 0 ? '' : parts.join(', ');
}

function routeRow(concurrency: number, r: RouteSummary, label = r.route): string {
  // No answer, no latency: a dash, not a 0 that reads as "instant".
  const latency = (value: number) => (r.requests - r.errors > 0 ? ms(value) : '–');
  return `| ${concurrency} | ${label} | ${r.requests} | ${rate(r.requestsPerSec)} | ${latency(r.p50)} | ${latency(r.p95)} | ${latency(r.p99)} | ${r.non2xx} | ${r.errors} | ${failuresText(r.failures)} |`;
}

export function stepsTable(steps: readonly StepResult[]): string {
  const lines = [
    '| concurrency | route | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx | errors | failed statuses |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const step of steps) {
    for (const r of step.routes)
      lines.push(routeRow(step.concurrency, r, r.route === 'all' ? '**all**' : r.route));
    if (step.ceiling) {
      lines.push(routeRow(step.concurrency, step.ceiling, 'bare Fastify (ceiling)'));
      const all = step.routes.find((r) => r.route === 'all');
      if (all && step.ceiling.requestsPerSec > 0)
        lines.push(
          `| ${step.concurrency} | platform ÷ ceiling | | ${(all.requestsPerSec / step.ceiling.requestsPerSec).toFixed(3)}× | | | | | | |`,
        );
    }
  }
  return lines.join('\n');
}

export function proxyTable(comparison: ProxyComparison): string {
  if (comparison.status === 'skipped') return `gateway vs nginx: skipped (${comparison.reason})`;
  const lines = [
    '| path | req/s | p50 ms | p99 ms | non-2xx | errors | server CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...comparison.rows.map(
      (r) =>
        `| ${r.label} | ${rate(r.requestsPerSec)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${r.cpuMicrosPerRequest ?? 'n/a'} |`,
    ),
  ];
  const toNginx = gatewayRatios(comparison.rows, 'nginx (1 worker)');
  const toDirect = gatewayRatios(comparison.rows, 'direct');
  lines.push('');
  if (!toNginx) lines.push('gateway ÷ nginx: skipped (no nginx row)');
  for (const [i, r] of (toNginx ?? toDirect ?? []).entries()) {
    const direct = toDirect?.[i]?.ratio;
    lines.push(
      `- ${r.label}: ${toNginx ? `${r.ratio.toFixed(2)}× nginx (target ≥ 0.60)` : ''}${direct === undefined ? '' : `${toNginx ? ', ' : ''}${direct.toFixed(2)}× direct (target ≥ 0.50)`}`,
    );
  }
  if (comparison.failed)
    lines.push('', 'some requests of the proxy bench failed: its rows do not measure successful forwarding');
  return lines.join('\n');
}

export function report(input: {
  readonly header: readonly string[];
  readonly steps: readonly StepResult[];
  readonly proxy: ProxyComparison | undefined;
  readonly knee: Knee;
  readonly targetMs: number;
  /** `route status` → what the first such answer said (driver's failureExamples). */
  readonly failureExamples: ReadonlyMap<string, string>;
}): string {
  const examples = [...input.failureExamples]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, text]) => `- ${key}: ${text || '(no problem body)'}`);
  return [
    '# Load scenario',
    '',
    ...input.header.map((line) => `- ${line}`),
    '',
    '## Mix per step (through the load balancer)',
    '',
    stepsTable(input.steps),
    '',
    ...(examples.length > 0 ? ['First answer of each failed route and status:', '', ...examples, ''] : []),
    '## Gateway vs nginx (services/api-gateway/bench/proxy-bench.ts, same run)',
    '',
    input.proxy ? proxyTable(input.proxy) : 'gateway vs nginx: skipped (--no-proxy)',
    '',
    `## Knee: ${describeKnee(input.knee, input.targetMs)}`,
    '',
  ].join('\n');
}
