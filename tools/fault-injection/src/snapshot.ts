/**
 * Reads the state the invariants judge straight from the databases (the tool's own connection,
 * not through the bus proxy): orders, stock, credit and invoices of the run's company and skus,
 * and every service's outbox against the consumers' idempotency records, queues and dead letters.
 */
import { type ConsumerName, events, queueName, type ServiceName, services } from '@b2b/shared/catalogue';
import { fromDecimal128, type StoredMoney } from '@b2b/shared/db';
import { deadLetterName } from '@b2b/shared/events';
import { subtract } from '@b2b/shared/money';
import type { Decimal128, MongoClient } from 'mongodb';
import type { InvoiceState, OrderState, OutboxEntry, Snapshot, StockState } from './invariants.ts';

export interface RunScope {
  readonly companyId: string;
  /** sku → the stock it was given. */
  readonly stock: ReadonlyMap<string, number>;
  readonly acceptedIds: readonly string[];
  readonly currency: string;
}

const consumerNames = [...new Set(Object.values(events).flatMap((e) => e.consumers))] as ConsumerName[];
const serviceDatabases = (Object.keys(services) as ServiceName[]).filter((s) => services[s].database);

const money = (m: StoredMoney) => fromDecimal128(m.amount, m.currency);

export async function readSnapshot(client: MongoClient, scope: RunScope): Promise<Snapshot> {
  const db = (name: string) => client.db(name);

  const orderDocs = await db('order').collection('orders').find({ companyId: scope.companyId }).toArray();
  const orders: OrderState[] = orderDocs.map((o) => ({
    id: String(o._id),
    status: o.status,
    companyId: o.companyId,
    paymentMethod: o.paymentMethod,
    total: money(o.total),
    items: (o.items as { sku: string; quantity: number }[]).map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
    })),
    poNumber: o.poNumber ?? null,
    history: (o.history as { status: OrderState['status'] }[]).map((h) => h.status),
  }));

  const skus = [...scope.stock.keys()];
  const inventory = await db('product')
    .collection('inventory')
    .find({ _id: { $in: skus.map((s) => s.toUpperCase()) as never[] } })
    .toArray();
  const stock: StockState[] = inventory.map((i) => ({
    sku: i.sku,
    onHand: i.onHand,
    reserved: i.reserved,
    held: Object.values((i.holds ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0),
    initialOnHand: scope.stock.get(i.sku) ?? 0,
  }));

  const account = await db('payment')
    .collection('credit_accounts')
    .findOne({ _id: scope.companyId as never });
  const credit = account
    ? [{ companyId: scope.companyId, creditUsed: fromDecimal128(account.creditUsed, account.currency) }]
    : [];
  const invoiceDocs = await db('payment')
    .collection('invoices')
    .find({ companyId: scope.companyId })
    .toArray();
  const invoices: InvoiceState[] = invoiceDocs.map((inv) => {
    const amount = fromDecimal128(inv.amount, inv.currency);
    const credited = inv.creditedAmount
      ? fromDecimal128(inv.creditedAmount as Decimal128, inv.currency)
      : undefined;
    return {
      companyId: inv.companyId,
      orderId: inv.orderId,
      status: inv.status,
      amountDue: credited ? subtract(amount, credited) : amount,
    };
  });

  const outbox: OutboxEntry[] = [];
  const handled = new Set<string>();
  for (const service of serviceDatabases) {
    const rows = await db(service)
      .collection('outbox')
      .find({}, { projection: { eventId: 1, type: 1, status: 1, 'event.data.orderId': 1 } })
      .toArray();
    for (const r of rows) {
      const spec = (events as Record<string, { consumers: readonly string[] }>)[r.type];
      outbox.push({
        service,
        eventId: r.eventId,
        type: r.type,
        status: r.status,
        consumers: spec?.consumers ?? [],
        ...(r.event?.data?.orderId ? { orderId: r.event.data.orderId } : {}),
      });
    }
    const processed = await db(service)
      .collection('processed_events')
      .find({}, { projection: { consumer: 1, eventId: 1 } })
      .toArray();
    for (const p of processed) handled.add(`${p.consumer}:${p.eventId}`);
    const claims = await db(service)
      .collection('side_effect_claims')
      .find({ status: 'done' }, { projection: { consumer: 1, eventId: 1 } })
      .toArray();
    for (const c of claims) handled.add(`${c.consumer}:${c.eventId}`);
  }
  const queued = new Set<string>();
  const dead = new Set<string>();
  for (const consumer of consumerNames) {
    for (const row of await db('eventbus')
      .collection(queueName(consumer))
      .find({}, { projection: { _id: 1 } })
      .toArray())
      queued.add(`${consumer}:${row._id}`);
    for (const row of await db('eventbus')
      .collection(deadLetterName(consumer))
      .find({}, { projection: { _id: 1 } })
      .toArray())
      dead.add(`${consumer}:${row._id}`);
  }

  return {
    acceptedIds: scope.acceptedIds,
    orders,
    stock,
    credit,
    invoices,
    events: { outbox, handled, queued, dead },
    currency: scope.currency,
  };
}

/** What is still in flight or parked: read by `isSettled` here and by tools/soak's drained check. */
export interface Backlog {
  /** Orders of the company still waiting for the saga (pending / awaiting_approval). */
  readonly waitingOrders: number;
  /** Per service: outbox entries not published yet. */
  readonly pendingOutbox: Readonly<Record<string, number>>;
  /** Per consumer: messages in its docstore-bus queue. */
  readonly queued: Readonly<Record<string, number>>;
  /** Per consumer: messages in its dead-letter queue. */
  readonly deadLettered: Readonly<Record<string, number>>;
}

export async function readBacklog(client: MongoClient, companyId: string): Promise<Backlog> {
  const db = (name: string) => client.db(name);
  const waitingOrders = await db('order')
    .collection('orders')
    .countDocuments({ companyId, status: { $in: ['pending', 'awaiting_approval'] } });
  const pendingOutbox: Record<string, number> = {};
  for (const service of serviceDatabases)
    pendingOutbox[service] = await db(service).collection('outbox').countDocuments({ status: 'pending' });
  const queued: Record<string, number> = {};
  const deadLettered: Record<string, number> = {};
  for (const consumer of consumerNames) {
    queued[consumer] = await db('eventbus').collection(queueName(consumer)).countDocuments({});
    deadLettered[consumer] = await db('eventbus').collection(deadLetterName(consumer)).countDocuments({});
  }
  return { waitingOrders, pendingOutbox, queued, deadLettered };
}

const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Settled: no order of the run waits for the saga, no outbox holds an unpublished event and no
 * queue a message (dead letters may remain: they are accounted for, not in flight).
 */
export async function isSettled(client: MongoClient, companyId: string): Promise<boolean> {
  const backlog = await readBacklog(client, companyId);
  return backlog.waitingOrders === 0 && sum(backlog.pendingOutbox) === 0 && sum(backlog.queued) === 0;
}
