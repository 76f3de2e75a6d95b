/**
 * Stock reservations of the order saga. Reserving is all-or-nothing across an order's lines and
 * idempotent by order id:
 * - the reservation document (`_id` = order id) is inserted FIRST in the handler's transaction: a
 *   concurrent attempt for the same order conflicts on that key and retries until this one
 *   commits, then finds it and does nothing — so one attempt per order works on the stock at a time;
 * - each line is one atomic conditional update of the sku's stock document OUTSIDE the
 *   transaction, marked with the order (`holds`), so a repeated attempt (a crash before commit)
 *   finds its units already held instead of taking them twice;
 * - when a line falls short, the lines already held are given back (compensation) and the
 *   reservation is written `rejected`; the outcome and its event commit with the claim.
 * Concurrent orders for the last units therefore never conflict: each takes a unit or sees none
 * left, once. Before this, every line was written in the transaction and the losers of each
 * write conflict retried their whole transaction (about ten attempts per order at 50 concurrent
 * orders for one sku). Release and shipment stay fully transactional: they are not contended.
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
  const { orderId } = order;
  const lines = mergedLines(order.items);
  const existing = await ctx.repos.reservations.findByOrderId(orderId, session);
  if (existing) {
    await releaseStrayHolds(ctx, existing, lines);
    return { outcome: 'duplicate', status: existing.status };
  }

  const now = ctx.now();
  // The claim (see the module comment); rewritten `rejected` below if a line falls short.
  await ctx.repos.reservations.insert(
    {
      _id: orderId,
      status: 'reserved',
      lines,
      short: [],
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + ctx.reservationTtlMs),
    },
    session,
  );
  const taken: { line: ReservationLine; after: InventoryDoc }[] = [];
  const short: ReservationDoc['short'] = [];
  for (const line of lines) {
    const result =
      line.quantity > 0
        ? await ctx.repos.inventory.hold(line.skuKey, orderId, line.quantity, now)
        : {
            held: false as const,
            available: availableOf((await ctx.repos.inventory.findBySkuKey(line.skuKey)) ?? undefined),
          };
    if (result.held) taken.push({ line, after: result.after });
    else short.push({ sku: line.sku, requested: line.quantity, available: result.available });
  }

  if (short.length > 0) {
    // All or nothing: give back what this order took before a line fell short.
    for (const { line } of taken)
      await ctx.repos.inventory.releaseHold(line.skuKey, orderId, line.quantity, now);
    await ctx.repos.reservations.markRejected(orderId, short, now, session);
    tx.stage('inventory.rejected', { orderId, reason: 'out_of_stock', skus: short.map((s) => s.sku) });
    ctx.log.info({ orderId, short: short.map((s) => s.sku) }, 'reservation rejected');
    return { outcome: 'rejected', short };
  }
  for (const { line, after } of taken) stageLowStock(tx, availableOf(after) + line.quantity, after);
  tx.stage('inventory.reserved', {
    orderId,
    items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  });
  return { outcome: 'reserved' };
}

/**
 * A repeated order.placed whose reservation is over (rejected, released, shipped) gives back any
 * units its order still holds: only an attempt that lost track of its transaction (stalled past
 * the server's transaction lifetime while another attempt finished) can have left one. Nothing
 * to do in the normal case, and then each line is one no-op update.
 */
async function releaseStrayHolds(
  ctx: CatalogContext,
  reservation: ReservationDoc,
  lines: ReservationLine[],
): Promise<void> {
  if (reservation.status === 'reserved' || reservation.status === 'confirmed') return;
  const now = ctx.now();
  for (const line of lines)
    await ctx.repos.inventory.releaseHold(line.skuKey, reservation._id, line.quantity, now);
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
    await ctx.repos.inventory.releaseHold(line.skuKey, orderId, line.quantity, now, session);
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
    await ctx.repos.inventory.commitHold(line.skuKey, orderId, line.quantity, now, session);
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
