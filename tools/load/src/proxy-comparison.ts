/**
 * The gateway-vs-nginx comparison of this run: services/api-gateway/bench/proxy-bench.ts as it
 * is (direct upstream, nginx with 1 worker, a bare Node proxy, the gateway anonymous and with a
 * JWT), started as its own process group; its table is read back into rows. Without nginx on the
 * machine the comparison is reported as skipped, never guessed.
 */
import path from 'node:path';
import { nginxAvailable } from '../../../services/api-gateway/bench/nginx.ts';
import { spawnTracked, stopTracked } from './children.ts';

export interface ProxyRow {
  readonly label: string;
  readonly requestsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** CPU time of the serving process per request (µs); undefined when the bench printed n/a. */
  readonly cpuMicrosPerRequest: number | undefined;
}

export type ProxyComparison =
  | { readonly status: 'measured'; readonly rows: readonly ProxyRow[]; readonly failed: boolean }
  | { readonly status: 'skipped'; readonly reason: string };

const rowPattern = /^(.+?)\s+(\d+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+)\s+(\d+)\s+(\d+|n\/a)\s*$/;

/** The rows of proxy-bench's printed table (the lines between its header and its footnote). */
export function parseProxyBenchTable(output: string): ProxyRow[] {
  const lines = output.split('\n');
  const header = lines.findIndex((line) => line.startsWith('path ') && line.includes('req/s'));
  if (header === -1) return [];
  const rows: ProxyRow[] = [];
  for (const line of lines.slice(header + 1)) {
    const match = rowPattern.exec(line);
    if (!match) break;
    const [, label = '', rps, p50, p99, non2xx, errors, cpu] = match;
    rows.push({
      label: label.trim(),
      requestsPerSec: Number(rps),
      p50: Number(p50),
      p99: Number(p99),
      non2xx: Number(non2xx),
      errors: Number(errors),
      cpuMicrosPerRequest: cpu === 'n/a' ? undefined : Number(cpu),
    });
  }
  return rows;
}

/** gateway req/s ÷ reference req/s for each gateway row; undefined when the reference is missing. */
export function gatewayRatios(
  rows: readonly ProxyRow[],
  referencePrefix: string,
): { label: string; ratio: number }[] | undefined {
  const reference = rows.find((r) => r.label.startsWith(referencePrefix));
  if (!reference || reference.requestsPerSec <= 0) return undefined;
  return rows
    .filter((r) => r.label.startsWith('gateway'))
    .map((r) => ({ label: r.label, ratio: r.requestsPerSec / reference.requestsPerSec }));
}

/** What went wrong, from a failed bench's stderr: its first error line, not the stack's tail. */
export function failureReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  return (
    lines.find((l) => /^(\w*Error\b|nginx: \[emerg\])/.test(l)) ?? lines.filter(Boolean).at(-1) ?? 'no output'
  );
}

/**
 * proxy-bench on three ports from each of `portBases` in turn, until one run prints its table: the
 * ports lie in Linux's ephemeral range, where another process's outgoing connection may hold one.
 */
export async function runProxyComparison(opts: {
  readonly repoRoot: string;
  readonly seconds: number;
  readonly connections: number;
  /** Three ports from each: upstream, gateway, nginx. */
  readonly portBases: readonly number[];
  /** Interrupted: no further attempt (the run's clean-up stops the one under way). */
  readonly signal?: AbortSignal;
}): Promise<ProxyComparison> {
  if (!nginxAvailable())
    return { status: 'skipped', reason: 'nginx is not installed (apt-get install -y nginx)' };
  const reasons: string[] = [];
  for (const portBase of opts.portBases) {
    if (opts.signal?.aborted) return { status: 'skipped', reason: 'interrupted' };
    const result = await runProxyBenchOnce({ ...opts, portBase });
    if (result.status === 'measured') return result;
    reasons.push(`ports ${portBase}-${portBase + 2}: ${result.reason}`);
  }
  return { status: 'skipped', reason: reasons.join('; ') };
}

async function runProxyBenchOnce(opts: {
  readonly repoRoot: string;
  readonly seconds: number;
  readonly connections: number;
  readonly portBase: number;
}): Promise<ProxyComparison> {
  const child = spawnTracked(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(opts.repoRoot, 'services/api-gateway/bench/proxy-bench.ts'),
      String(opts.seconds),
      String(opts.connections),
    ],
    { cwd: opts.repoRoot, env: { ...process.env, BENCH_PORT_BASE: String(opts.portBase) } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // proxy-bench runs 5 cases of (2 s warm-up + seconds); anything far past that is stuck.
  const limitMs = (5 * (opts.seconds + 2) + 120) * 1_000;
  const timer = setTimeout(() => void stopTracked(child), limitMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const rows = parseProxyBenchTable(stdout);
  if (rows.length === 0)
    return {
      status: 'skipped',
      reason: `proxy-bench printed no table (exit ${code}): ${failureReason(stderr)}`,
    };
  // proxy-bench exits 1 when a case saw failed requests: the numbers are shown, marked.
  return { status: 'measured', rows, failed: code !== 0 };
}
