/** The run's table: one row per fault, fixed-width columns, plain text. */
import type { OrderState } from './invariants.ts';
import type { LatencyStats } from './traffic.ts';

export interface Row {
  readonly fault: string;
  readonly accepted: number;
  readonly confirmed: number;
  readonly cancelled: number;
  readonly stuck: number;
  /** `ok`, or how many invariants failed. */
  readonly invariants: string;
  /** The breaker 503s (UPSTREAM_UNAVAILABLE) of the phase; undefined when none was seen. */
  readonly breaker503: LatencyStats | undefined;
  /** From the recovery to the next accepted checkout; undefined when none came in time. */
  readonly takesOrdersMs: number | undefined;
}

/** Outcomes of the orders a phase accepted (`ids`), as stored. */
export function phaseOutcome(orders: readonly OrderState[], ids: ReadonlySet<string>) {
  let confirmed = 0;
  let cancelled = 0;
  let stuck = 0;
  for (const o of orders) {
    if (!ids.has(o.id)) continue;
    if (o.status === 'cancelled' || o.status === 'rejected') cancelled += 1;
    else if (o.status === 'pending' || o.status === 'awaiting_approval') stuck += 1;
    else confirmed += 1;
  }
  return { accepted: ids.size, confirmed, cancelled, stuck };
}

const columns: { title: string; cell: (r: Row) => string }[] = [
  { title: 'fault', cell: (r) => r.fault },
  { title: 'orders accepted', cell: (r) => String(r.accepted) },
  { title: 'confirmed', cell: (r) => String(r.confirmed) },
  { title: 'cancelled', cell: (r) => String(r.cancelled) },
  { title: 'stuck', cell: (r) => String(r.stuck) },
  { title: 'invariants', cell: (r) => r.invariants },
  { title: 'max 503 ms', cell: (r) => (r.breaker503 ? r.breaker503.max.toFixed(0) : '-') },
  { title: 'p95 503 ms', cell: (r) => (r.breaker503 ? r.breaker503.p95.toFixed(0) : '-') },
  {
    title: 'orders again after s',
    cell: (r) => (r.takesOrdersMs === undefined ? 'never' : (r.takesOrdersMs / 1000).toFixed(1)),
  },
  { title: 'breaker 503s', cell: (r) => (r.breaker503 ? String(r.breaker503.n) : '0') },
];

/** A markdown table with padded columns (readable as plain text too); shared with tools/soak. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function formatTable(rows: readonly Row[]): string {
  return markdownTable(
    columns.map((c) => c.title),
    rows.map((r) => columns.map((c) => c.cell(r))),
  );
}
