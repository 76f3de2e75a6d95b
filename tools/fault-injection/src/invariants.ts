/**
 * The invariants a fault must not break, as pure checks over one snapshot of the platform's state
 * (snapshot.ts reads it from the databases once the platform settled). Pure so a unit test can
 * seed an inconsistency and see it reported, and see a consistent state pass.
 */
import { add, equals, formatAmount, type Money, zero } from '@b2b/shared/money';

export type OrderStatus =
  | 'awaiting_approval'
  | 'pending'
  | 'confirmed'
  | 'shipped'
  | 'delivered'
  | 'cancelled'
  | 'rejected';

export interface OrderState {
  readonly id: string;
  readonly status: OrderStatus;
  readonly companyId: string;
  readonly paymentMethod: 'invoice' | 'card';
  readonly total: Money;
  readonly items: readonly { sku: string; quantity: number }[];
  /** The run's own unique reference per checkout attempt: two orders with one means a duplicate. */
  readonly poNumber: string | null;
  /** Statuses in the order's history, in order. */
  readonly history: readonly OrderStatus[];
}

export interface StockState {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  /** Σ holds: what the product service says each open reservation holds. */
  readonly held: number;
  /** The stock the run gave it at the start. */
  readonly initialOnHand: number;
}

export interface CreditState {
  readonly companyId: string;
  readonly creditUsed: Money;
}

export interface InvoiceState {
  readonly companyId: string;
  readonly orderId: string;
  readonly status: 'open' | 'paid' | 'overdue';
  /** amount − credited: what the company still owes on it. */
  readonly amountDue: Money;
}

/** One message of a service's outbox. */
export interface OutboxEntry {
  readonly service: string;
  readonly eventId: string;
  readonly type: string;
  readonly status: 'pending' | 'sent';
  /** The catalogue's consumers of its type. */
  readonly consumers: readonly string[];
  /** For order.confirmed / order.cancelled: the order it ends. */
  readonly orderId?: string;
}

export interface EventLedger {
  readonly outbox: readonly OutboxEntry[];
  /** `<consumer>:<eventId>` handled (processed_events, or a side-effect claim marked done). */
  readonly handled: ReadonlySet<string>;
  /** `<consumer>:<eventId>` still in the consumer's queue. */
  readonly queued: ReadonlySet<string>;
  /** `<consumer>:<eventId>` in the consumer's dead-letter queue. */
  readonly dead: ReadonlySet<string>;
}

export interface Snapshot {
  /** Order ids the API answered 201 for. */
  readonly acceptedIds: readonly string[];
  /** Every order of the run's companies, as stored. */
  readonly orders: readonly OrderState[];
  readonly stock: readonly StockState[];
  readonly credit: readonly CreditState[];
  readonly invoices: readonly InvoiceState[];
  readonly events: EventLedger;
  readonly currency: string;
}

export interface EventCounts {
  readonly published: number;
  readonly pending: number;
  readonly deliveries: number;
  readonly handled: number;
  readonly queued: number;
  readonly dead: number;
  readonly lost: number;
}

export interface InvariantReport {
  readonly accepted: number;
  readonly confirmed: number;
  readonly cancelled: number;
  /** Accepted orders not in a final state (confirmed, shipped, delivered, cancelled, rejected). */
  readonly stuck: number;
  readonly events: EventCounts;
  /** One sentence per broken invariant; empty when all hold. */
  readonly violations: readonly string[];
}

const finalStatuses = new Set<OrderStatus>(['confirmed', 'shipped', 'delivered', 'cancelled', 'rejected']);
/** Statuses in which an order holds reserved stock (shipping commits it: onHand and reserved fall). */
const holdingStatuses = new Set<OrderStatus>(['confirmed']);
/** Statuses in which the company's credit carries an invoice order not yet invoiced. */
const authorizedUninvoiced = new Set<OrderStatus>(['confirmed']);
/** The order events that end an order: each order publishes exactly one of them. */
export const terminalEventTypes: ReadonlySet<string> = new Set([
  'order.confirmed',
  'order.cancelled',
  'order.rejected',
]);

export function checkInvariants(s: Snapshot): InvariantReport {
  const violations: string[] = [];
  const byId = new Map(s.orders.map((o) => [o.id, o]));

  // Every accepted order exists and ends final; none twice.
  const accepted = new Set(s.acceptedIds);
  for (const id of accepted) if (!byId.has(id)) violations.push(`accepted order ${id} is not stored`);
  // An order the client never heard of (its 201 lost to a fault) was still accepted by the platform.
  const all = new Set([...accepted, ...byId.keys()]);
  let confirmed = 0;
  let cancelled = 0;
  let stuck = 0;
  for (const id of all) {
    const order = byId.get(id);
    if (!order) continue;
    if (order.status === 'cancelled' || order.status === 'rejected') cancelled += 1;
    else if (finalStatuses.has(order.status)) confirmed += 1;
    else stuck += 1;
    for (const once of ['confirmed', 'cancelled'] as const) {
      const times = order.history.filter((h) => h === once).length;
      if (times > 1) violations.push(`order ${id} was ${once} ${times} times`);
    }
    if (order.history.includes('confirmed') && order.history.includes('cancelled'))
      violations.push(`order ${id} was both confirmed and cancelled`);
  }
  if (stuck > 0) violations.push(`${stuck} accepted order(s) neither confirmed nor cancelled`);
  const perPo = new Map<string, number>();
  for (const o of s.orders) if (o.poNumber) perPo.set(o.poNumber, (perPo.get(o.poNumber) ?? 0) + 1);
  for (const [po, n] of perPo) if (n > 1) violations.push(`checkout ${po} made ${n} orders`);
  const endings = new Map<string, number>();
  for (const e of s.events.outbox)
    if (e.orderId && terminalEventTypes.has(e.type))
      endings.set(e.orderId, (endings.get(e.orderId) ?? 0) + 1);
  for (const [orderId, n] of endings)
    if (n > 1) violations.push(`order ${orderId} ended ${n} times on the bus`);

  // Reserved stock equals what confirmed orders hold; shipped orders took theirs out of onHand.
  for (const item of s.stock) {
    let held = 0;
    let shipped = 0;
    for (const o of s.orders) {
      const units = o.items.filter((l) => l.sku === item.sku).reduce((n, l) => n + l.quantity, 0);
      if (holdingStatuses.has(o.status)) held += units;
      if (o.status === 'shipped' || o.status === 'delivered') shipped += units;
    }
    if (item.reserved !== held)
      violations.push(`${item.sku}: reserved ${item.reserved}, confirmed orders hold ${held}`);
    if (item.held !== item.reserved)
      violations.push(`${item.sku}: reserved ${item.reserved}, but its holds add up to ${item.held}`);
    if (item.onHand !== item.initialOnHand - shipped)
      violations.push(
        `${item.sku}: onHand ${item.onHand}, expected ${item.initialOnHand} − ${shipped} shipped`,
      );
  }

  // Credit used equals the open invoices plus the confirmed invoice orders not invoiced yet.
  for (const account of s.credit) {
    let owed = zero(s.currency);
    for (const inv of s.invoices)
      if (inv.companyId === account.companyId && inv.status !== 'paid') owed = add(owed, inv.amountDue);
    const invoiced = new Set(s.invoices.map((i) => i.orderId));
    for (const o of s.orders)
      if (
        o.companyId === account.companyId &&
        o.paymentMethod === 'invoice' &&
        authorizedUninvoiced.has(o.status) &&
        !invoiced.has(o.id)
      )
        owed = add(owed, o.total);
    if (!equals(account.creditUsed, owed))
      violations.push(
        `company ${account.companyId}: creditUsed ${formatAmount(account.creditUsed)}, open invoices and authorized orders ${formatAmount(owed)}`,
      );
  }

  const events = accountForEvents(s.events);
  if (events.lost > 0) violations.push(`${events.lost} event deliveries unaccounted for (lost)`);
  return { accepted: all.size, confirmed, cancelled, stuck, events, violations };
}

/**
 * Every published event reaches each consumer of its type: handled, still queued, or dead-lettered.
 * A pending outbox entry is not published yet (its relay retries), so it explains itself.
 */
export function accountForEvents(ledger: EventLedger): EventCounts {
  let published = 0;
  let pending = 0;
  let deliveries = 0;
  let handled = 0;
  let queued = 0;
  let dead = 0;
  let lost = 0;
  for (const entry of ledger.outbox) {
    if (entry.status === 'pending') {
      pending += 1;
      continue;
    }
    published += 1;
    for (const consumer of entry.consumers) {
      deliveries += 1;
      const key = `${consumer}:${entry.eventId}`;
      if (ledger.handled.has(key)) handled += 1;
      else if (ledger.queued.has(key)) queued += 1;
      else if (ledger.dead.has(key)) dead += 1;
      else lost += 1;
    }
  }
  return { published, pending, deliveries, handled, queued, dead, lost };
}
