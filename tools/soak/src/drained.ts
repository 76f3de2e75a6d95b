/**
 * Drained at the end: once the orders stopped and the platform was given time to settle, nothing
 * may be left in flight or parked — no order waiting for the saga, no outbox entry unpublished, no
 * message in a docstore-bus queue, and no dead letter (each one is a message some consumer gave up
 * on). Pure over the counts `readBacklog` (tools/fault-injection) reads.
 */
import type { Backlog } from '@b2b/fault-injection/snapshot';

export interface Drained {
  readonly ok: boolean;
  /** One phrase per thing left over, e.g. `2 pending in order's outbox`; empty when drained. */
  readonly leftovers: readonly string[];
}

export function drainedCheck(backlog: Backlog): Drained {
  const leftovers: string[] = [];
  if (backlog.waitingOrders > 0)
    leftovers.push(`${backlog.waitingOrders} order(s) still waiting for the saga`);
  const each = (counts: Readonly<Record<string, number>>, what: (name: string) => string) => {
    for (const [name, n] of Object.entries(counts)) if (n > 0) leftovers.push(`${n} ${what(name)}`);
  };
  each(backlog.pendingOutbox, (service) => `pending in ${service}'s outbox`);
  each(backlog.queued, (consumer) => `queued for ${consumer}`);
  each(backlog.deadLettered, (consumer) => `dead-lettered by ${consumer}`);
  return { ok: leftovers.length === 0, leftovers };
}
