/**
 * Lost and duplicated orders, judged twice over: what the API says about each order (the admin
 * listing: status and history) and what the order service published (its outbox's ending events:
 * order.confirmed / order.cancelled / order.rejected). Every accepted order — a 201 the client got,
 * or an order of the run's company it never heard of (its answer lost) — must end exactly once,
 * in both. Pure, so the tests can seed each way of being wrong next to a run that is right.
 */
import { terminalEventTypes } from '@b2b/fault-injection/invariants';

export interface OrderSeen {
  readonly id: string;
  readonly status: string;
  readonly poNumber: string | null;
  /** The statuses of the order's history, in order. */
  readonly history: readonly string[];
  /** The reason its history gives for the cancellation (e.g. `timed_out`), if any. */
  readonly cancellationReason?: string | null;
  /** When it was placed (ISO time), for the saga's time per order over the run. */
  readonly placedAt?: string;
  /** From placement to its ending in the history (the order service's clock). */
  readonly settledMs?: number;
}

export interface OrderEnding {
  readonly orderId: string;
  /** order.confirmed, order.cancelled or order.rejected. */
  readonly type: string;
}

export interface OrderAccounting {
  /** Orders the client got a 201 for. */
  readonly accepted: number;
  /** Orders of the company the client got no 201 for (accepted all the same). */
  readonly unacknowledged: number;
  readonly confirmed: number;
  readonly cancelled: number;
  /** Cancellation reason → orders (`unknown` without one): with stock and credit for every order, each is the saga's doing. */
  readonly cancelledBecause: Readonly<Record<string, number>>;
  /** Accepted orders missing, not ended, or ended without (or against) their event. */
  readonly lost: number;
  /** Extra orders of one checkout, and extra endings of one order (history or events). */
  readonly duplicated: number;
  /** One sentence per finding, for the log; empty when every order ended exactly once. */
  readonly problems: readonly string[];
}

/** The event an order in this final status must have published; undefined while not final. */
const endingOf: Record<string, string> = {
  confirmed: 'order.confirmed',
  shipped: 'order.confirmed',
  delivered: 'order.confirmed',
  cancelled: 'order.cancelled',
  rejected: 'order.rejected',
};

export function accountOrders(input: {
  acceptedIds: readonly string[];
  apiOrders: readonly OrderSeen[];
  endings: readonly OrderEnding[];
}): OrderAccounting {
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  const byId = new Map(input.apiOrders.map((o) => [o.id, o]));
  const accepted = new Set(input.acceptedIds);
  const endings = new Map<string, string[]>();
  for (const e of input.endings)
    if (terminalEventTypes.has(e.type)) endings.set(e.orderId, [...(endings.get(e.orderId) ?? []), e.type]);

  for (const id of accepted)
    if (!byId.has(id)) {
      lost += 1;
      problems.push(`accepted order ${id} is not in the API's list`);
    }
  let confirmed = 0;
  let cancelled = 0;
  const cancelledBecause: Record<string, number> = {};
  for (const order of input.apiOrders) {
    if (order.status === 'cancelled') {
      const reason = order.cancellationReason ?? 'unknown';
      cancelledBecause[reason] = (cancelledBecause[reason] ?? 0) + 1;
    }
    const expected = endingOf[order.status];
    const published = endings.get(order.id) ?? [];
    if (expected === undefined) {
      lost += 1;
      problems.push(`order ${order.id} is still ${order.status}`);
    } else if (published.length === 0) {
      lost += 1;
      problems.push(`order ${order.id} is ${order.status} but published no ending event`);
    } else if (!published.includes(expected)) {
      lost += 1;
      problems.push(`order ${order.id} is ${order.status} but published ${published.join(', ')}`);
    } else if (expected === 'order.confirmed') confirmed += 1;
    else cancelled += 1;
    if (published.length > 1) {
      duplicated += 1;
      problems.push(`order ${order.id} published ${published.length} endings (${published.join(', ')})`);
    }
    const times = (status: string) => order.history.filter((h) => h === status).length;
    const endedInHistory = times('confirmed') + times('cancelled') + times('rejected');
    if (endedInHistory > 1) {
      duplicated += 1;
      problems.push(`order ${order.id} ended ${endedInHistory} times in its history`);
    }
  }
  const perCheckout = new Map<string, number>();
  for (const o of input.apiOrders)
    if (o.poNumber) perCheckout.set(o.poNumber, (perCheckout.get(o.poNumber) ?? 0) + 1);
  for (const [po, n] of perCheckout)
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`checkout ${po} made ${n} orders`);
    }
  const unacknowledged = input.apiOrders.filter((o) => !accepted.has(o.id)).length;
  return {
    accepted: accepted.size,
    unacknowledged,
    confirmed,
    cancelled,
    cancelledBecause,
    lost,
    duplicated,
    problems,
  };
}
