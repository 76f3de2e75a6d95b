import { describe, expect, it } from 'vitest';
import { failureReason, gatewayRatios, parseProxyBenchTable } from '../src/proxy-comparison.ts';
import { proxyTable } from '../src/table.ts';

// What services/api-gateway/bench/proxy-bench.ts prints (its printTable), around its table.
const printed = `
autocannon: 3 s per case after 2 s warm-up, 50 connections, 127.0.0.1, node v20.20.2

path                            req/s   p50 ms  p99 ms  non-2xx  errors  server CPU µs/req
direct to upstream               21000       2       5        0       0        41
nginx (1 worker) → upstream      14000       3       8        0       0        55
bare Node proxy (floor)          10000       4      11        0       0        90
gateway → upstream (anonymous)    7000     6.5      20        0       0       130
gateway → upstream (JWT)          5600       8      25        2       1       n/a
(server CPU: the process answering autocannon: the upstream, nginx master + worker, or the gateway)

gateway → upstream (anonymous)  0.33× direct (target ≥ 0.50), 0.50× nginx (target ≥ 0.60)
`;

describe("reading proxy-bench's table", () => {
  it('reads every row with its numbers, and stops at the footnote', () => {
    const rows = parseProxyBenchTable(printed);
    expect(rows.map((r) => r.label)).toEqual([
      'direct to upstream',
      'nginx (1 worker) → upstream',
      'bare Node proxy (floor)',
      'gateway → upstream (anonymous)',
      'gateway → upstream (JWT)',
    ]);
    expect(rows[3]).toEqual({
      label: 'gateway → upstream (anonymous)',
      requestsPerSec: 7000,
      p50: 6.5,
      p99: 20,
      non2xx: 0,
      errors: 0,
      cpuMicrosPerRequest: 130,
    });
    expect(rows[4]).toMatchObject({ non2xx: 2, errors: 1, cpuMicrosPerRequest: undefined });
  });

  it('finds no rows in output without the table (a bench that failed to start)', () => {
    expect(parseProxyBenchTable('Error: upstream exited with 1\n')).toEqual([]);
  });

  it('computes gateway ÷ nginx and ÷ direct, and nothing without the reference row', () => {
    const rows = parseProxyBenchTable(printed);
    expect(gatewayRatios(rows, 'nginx (1 worker)')).toEqual([
      { label: 'gateway → upstream (anonymous)', ratio: 0.5 },
      { label: 'gateway → upstream (JWT)', ratio: 0.4 },
    ]);
    expect(gatewayRatios(rows, 'direct')?.[0]?.ratio).toBeCloseTo(1 / 3);
    const withoutNginx = rows.filter((r) => !r.label.startsWith('nginx'));
    expect(gatewayRatios(withoutNginx, 'nginx (1 worker)')).toBeUndefined();
  });

  it('prints "skipped" with the reason, never a number, when the comparison did not run', () => {
    const text = proxyTable({
      status: 'skipped',
      reason: 'nginx is not installed (apt-get install -y nginx)',
    });
    expect(text).toBe('gateway vs nginx: skipped (nginx is not installed (apt-get install -y nginx))');
    expect(text).not.toMatch(/\d+(\.\d+)?×/);
    // Control: a measured comparison prints its ratios.
    const measured = proxyTable({ status: 'measured', rows: parseProxyBenchTable(printed), failed: false });
    expect(measured).toContain('gateway → upstream (JWT): 0.40× nginx (target ≥ 0.60), 0.27× direct');
  });
});

describe('why a proxy bench run failed', () => {
  it('is its first error line, not the end of the stack', () => {
    const stderr = [
      'nginx: [emerg] bind() to 127.0.0.1:23632 failed (98: Address already in use)',
      '/work/services/api-gateway/bench/nginx.ts:83',
      '    at startNginx (nginx.ts:83:40)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    expect(failureReason(stderr)).toBe(
      'nginx: [emerg] bind() to 127.0.0.1:23632 failed (98: Address already in use)',
    );
    expect(failureReason('    at x\nError: upstream exited with 1\n    at y\n')).toBe(
      'Error: upstream exited with 1',
    );
    expect(failureReason('something odd\n')).toBe('something odd');
    expect(failureReason('')).toBe('no output');
  });
});
