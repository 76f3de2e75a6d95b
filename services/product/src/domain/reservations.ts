/**
 * Stock reservations of the order saga. Reserving is all-or-nothing across an order's lines and
 * idempotent by order id: each line is one atomic conditional update (`onHand − reserved ≥ qty`),
 * lines already taken are given back when another one falls short, and the outcome, the
 * reservation document and the event are written in the caller's transaction. Concurrent orders
 * for the last units serialise on the inventory document (a write conflict retries the loser), so
 * stock is never oversold.
 */
import type { CatalogContext, Transaction } from './context.ts';
import { stageLowStock } from './inventory.ts';
import type { InventoryDoc, ReservationDoc, ReservationLine, ReservationStatus } from './model.ts';
import { skuKeyOf } from './product-rules.ts';
import { availableOf } from './stock.ts';

export interface OrderLines {
  orderId: string;
  items: { sku: string; quantity: number }[];
}

export type ReserveOutcome =
  | { outcome: 'reserved' }
  | { outcome: 'rejected'; short: ReservationDoc['short'] }
  /** The order was seen before: nothing changes, nothing is published again. */
  | { outcome: 'duplicate'; status: ReservationStatus };

/** One line per sku (an order may list a sku twice), in a stable order. */
function mergedLines(items: OrderLines['items']): ReservationLine[] {
  const bySku = new Map<string, ReservationLine>();
  for (const item of items) {
    const skuKey = skuKeyOf(item.sku);
    const line = bySku.get(skuKey);
    if (line) line.quantity += item.quantity;
    else bySku.set(skuKey, { sku: item.sku, skuKey, quantity: item.quantity });
  }
  return [...bySku.values()].sort((a, b) => (a.skuKey < b.skuKey ? -1 : a.skuKey > b.skuKey ? 1 : 0));
}

export async function reserveForOrder(
  ctx: CatalogContext,
  tx: Transaction,
  order: OrderLines,
): Promise<ReserveOutcome> {
  const { session } = tx;
  const existing = await ctx.repos.reservations.findByOrderId(order.orderId, session);
  if (existing) return { outcome: 'duplicate', status: existing.status };

  const now = ctx.now();
  const lines = mergedLines(order.items);
  const taken: { line: ReservationLine; after: InventoryDoc }[] = [];
  const short: ReservationDoc['short'] = [];
  for (const line of lines) {
    const after =
      line.quantity > 0
        ? await ctx.repos.inventory.tryReserve(line.skuKey, line.quantity, now, session)
        : null;
    if (after) {
      taken.push({ line, after });
    } else {
      const stock = await ctx.repos.inventory.findBySkuKey(line.skuKey, session);
      short.push({ sku: line.sku, requested: line.quantity, available: availableOf(stock ?? undefined) });
    }
  }
  if (short.length > 0) {
    // All or nothing: give back what this order took before a line fell short.
    for (const { line } of taken)
      await ctx.repos.inventory.unreserve(line.skuKey, line.quantity, now, session);
  }
  const status: ReservationStatus = short.length > 0 ? 'rejected' : 'reserved';
  await ctx.repos.reservations.insert(
    {
      _id: order.orderId,
      status,
      lines,
      short,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + ctx.reservationTtlMs),
    },
    session,
  );
  if (status === 'rejected') {
    tx.stage('inventory.rejected', {
      orderId: order.orderId,
      reason: 'out_of_stock',
      skus: short.map((s) => s.sku),
    });
    ctx.log.info({ orderId: order.orderId, short: short.map((s) => s.sku) }, 'reservation rejected');
    return { outcome: 'rejected', short };
  }
  for (const { line, after } of taken) stageLowStock(tx, availableOf(after) + line.quantity, after);
  tx.stage('inventory.reserved', {
    orderId: order.orderId,
    items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
  return { outcome: 'reserved' };
}

/**
 * order.cancelled / order.rejected / expiry: the held units become available again. A cancel that
 * arrives before its order.placed leaves a `released` marker, so the late placement reserves nothing.
 */
export async function releaseForOrder(
  ctx: CatalogContext,
  tx: Transaction,
  orderId: string,
): Promise<boolean> {
  const { session } = tx;
  const now = ctx.now();
  const reservation = await ctx.repos.reservations.findByOrderId(orderId, session);
  if (!reservation) {
    await ctx.repos.reservations.insert(
      {
        _id: orderId,
        status: 'released',
        lines: [],
        short: [],
        createdAt: now,
        updatedAt: now,
        expiresAt: now,
      },
      session,
    );
    return false;
  }
  if (
    !(await ctx.repos.reservations.transition(orderId, ['reserved', 'confirmed'], 'released', now, session))
  ) {
    return false;
  }
  for (const line of reservation.lines)
    await ctx.repos.inventory.unreserve(line.skuKey, line.quantity, now, session);
  ctx.log.info({ orderId }, 'reservation released');
  return true;
}

/** order.confirmed: the order goes ahead, so the reservation no longer expires. */
export async function confirmForOrder(
  ctx: CatalogContext,
  tx: Transaction,
  orderId: string,
): Promise<boolean> {
  return ctx.repos.reservations.transition(orderId, ['reserved'], 'confirmed', ctx.now(), tx.session);
}

/** order.shipped: the units leave the warehouse; on hand and reserved both fall. */
export async function commitForOrder(
  ctx: CatalogContext,
  tx: Transaction,
  orderId: string,
): Promise<boolean> {
  const { session } = tx;
  const now = ctx.now();
  const reservation = await ctx.repos.reservations.findByOrderId(orderId, session);
  if (!reservation) return false;
  if (
    !(await ctx.repos.reservations.transition(orderId, ['reserved', 'confirmed'], 'committed', now, session))
  ) {
    return false;
  }
  for (const line of reservation.lines)
    await ctx.repos.inventory.commit(line.skuKey, line.quantity, now, session);
  return true;
}

/** The expiry job: reservations never confirmed within the TTL give their stock back. */
export async function expireReservations(ctx: CatalogContext, batch = 100): Promise<number> {
  let released = 0;
  for (const orderId of await ctx.repos.reservations.expiredIds(ctx.now(), batch)) {
    const done = await ctx.transaction(async (tx) => {
      const current = await ctx.repos.reservations.findByOrderId(orderId, tx.session);
      // Confirmed or released since the query: leave it.
      if (current?.status !== 'reserved' || current.expiresAt > ctx.now()) return false;
      return releaseForOrder(ctx, tx, orderId);
    });
    if (done) released++;
  }
  if (released > 0) ctx.log.info({ released }, 'expired reservations released');
  return released;
}
