/**
 * Where a checkout's time goes, hop by hop, from the timestamps the platform already keeps (no
 * extra writes while measuring): the outbox records (createdAt = staged, sentAt = published), the
 * consumers' idempotency records (processedAt = the handler's transaction began) and the side-effect
 * claims, and the order's history. Read after a bench run, for the orders it placed.
 */
import type { Db } from 'mongodb';

interface OutboxRow {
  eventId: string;
  type: string;
  createdAt: Date;
  sentAt?: Date;
  event: { data: { orderId?: string } };
}

export interface HopDbs {
  order: Db;
  product: Db;
  payment: Db;
}

/** Milliseconds per hop, one array per hop name, across `placedAt`'s orders (POST time per id). */
export async function sagaHops(dbs: HopDbs, placedAt: Map<string, number>): Promise<Map<string, number[]>> {
  const ids = [...placedAt.keys()];
  const outboxOf = (db: Db, type: string) =>
    db
      .collection<OutboxRow>('outbox')
      .find({ type, 'event.data.orderId': { $in: ids } })
      .toArray();
  const processedAt = async (db: Db, consumer: string, eventIds: string[]) => {
    const rows = await db
      .collection<{ eventId: string; processedAt: Date }>('processed_events')
      .find({ consumer, eventId: { $in: eventIds } })
      .toArray();
    return new Map(rows.map((r) => [r.eventId, r.processedAt.getTime()]));
  };
  const byOrder = (rows: OutboxRow[]) => new Map(rows.map((r) => [r.event.data.orderId!, r]));

  const placed = byOrder(await outboxOf(dbs.order, 'order.placed'));
  const reserved = byOrder(await outboxOf(dbs.product, 'inventory.reserved'));
  const authorized = byOrder(await outboxOf(dbs.payment, 'payment.authorized'));
  const productSaw = await processedAt(
    dbs.product,
    'product',
    [...placed.values()].map((r) => r.eventId),
  );
  const orderSaw = await processedAt(dbs.order, 'order', [
    ...[...reserved.values()].map((r) => r.eventId),
    ...[...authorized.values()].map((r) => r.eventId),
  ]);
  const orders = await dbs.order
    .collection<{ _id: string; history: { status: string; at: Date }[] }>('orders')
    .find({ _id: { $in: ids } }, { projection: { history: 1 } })
    .toArray();

  const hops = new Map<string, number[]>();
  const add = (name: string, from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined) return;
    const list = hops.get(name) ?? [];
    list.push(to - from);
    hops.set(name, list);
  };
  for (const order of orders) {
    const post = placedAt.get(order._id);
    const p = placed.get(order._id);
    const r = reserved.get(order._id);
    const a = authorized.get(order._id);
    const confirmedAt = order.history.find((h) => h.status === 'confirmed')?.at.getTime();
    if (!p || !r || !a || confirmedAt === undefined) continue;
    const placedSent = p.sentAt?.getTime();
    add('1 POST /orders → order.placed staged', post, p.createdAt.getTime());
    add('2 order relay: staged → published', p.createdAt.getTime(), placedSent);
    add('3 bus → product handler starts', placedSent, productSaw.get(p.eventId));
    add('4 product: handler → inventory.reserved staged', productSaw.get(p.eventId), r.createdAt.getTime());
    add('5 product relay: staged → published', r.createdAt.getTime(), r.sentAt?.getTime());
    add('6 bus + payment authorize → payment.authorized staged', placedSent, a.createdAt.getTime());
    add('7 payment relay: staged → published', a.createdAt.getTime(), a.sentAt?.getTime());
    add('8 bus → order handler starts (inventory.reserved)', r.sentAt?.getTime(), orderSaw.get(r.eventId));
    add('9 bus → order handler starts (payment.authorized)', a.sentAt?.getTime(), orderSaw.get(a.eventId));
    const lastReply = Math.max(orderSaw.get(r.eventId) ?? 0, orderSaw.get(a.eventId) ?? 0);
    add('10 last reply handler starts → confirmed', lastReply || undefined, confirmedAt);
    add('= POST /orders → confirmed', post, confirmedAt);
  }
  return hops;
}

/** The hops as lines: p50 / p95 / max per hop. */
export function formatHops(hops: Map<string, number[]>): string[] {
  const at = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return [...hops.entries()]
    .sort(([a], [b]) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b))
    .map(([name, values]) => {
      const sorted = [...values].sort((x, y) => x - y);
      return `  ${name.padEnd(56)} p50 ${String(at(sorted, 50)).padStart(5)}  p95 ${String(at(sorted, 95)).padStart(5)}  max ${String(sorted.at(-1) ?? 0).padStart(5)} ms  (n=${sorted.length})`;
    });
}
