/** The run's table: one row per fault, fixed-width columns, plain text. */
import type { OrderState } from './invariants.ts';

export interface Row {
  readonly fault: string;
  readonly accepted: number;
  readonly confirmed: number;
  readonly cancelled: number;
  readonly stuck: number;
  /** `ok`, or how many invariants failed. */
  readonly invariants: string;
  /** Slowest 503 that was not a timeout; `-` when none was seen. */
  readonly max503Ms: number | undefined;
  readonly fast503s: number;
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
  { title: 'max 503 ms', cell: (r) => (r.max503Ms === undefined ? '-' : r.max503Ms.toFixed(0)) },
  { title: 'fast 503s', cell: (r) => String(r.fast503s) },
];

export function formatTable(rows: readonly Row[]): string {
  const widths = columns.map((c) => Math.max(c.title.length, ...rows.map((r) => c.cell(r).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(columns.map((c) => c.title)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => line(columns.map((c) => c.cell(r)))),
  ].join('\n');
}
