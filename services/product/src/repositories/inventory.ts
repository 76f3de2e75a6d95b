import { createHash } from 'node:crypto';
import type { AnyBulkWriteOperation, ClientSession, Collection, Db } from 'mongodb';
import type { InventoryDoc } from '../domain/model.ts';
import { availableOf } from '../domain/stock.ts';

export type HoldOutcome = { held: true; after: InventoryDoc } | { held: false; available: number };

/**
 * The key of an order's hold in `holds`: the order id itself when it is a plain token (UUIDs), or
 * `#` + its SHA-256 otherwise — a field name must not contain `.` or start with `$`, and `#` is
 * not in the plain alphabet, so the two forms never collide.
 */
export function holdKey(orderId: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(orderId)
    ? orderId
    : `#${createHash('sha256').update(orderId).digest('hex')}`;
}

const holdField = (orderId: string) => `holds.${holdKey(orderId)}`;

/** Reads of the counts leave the holds out: a busy sku holds one entry per open order. */
const STOCK_WITHOUT_HOLDS = { holds: 0 } as const;
/** The counts and one order's hold (a projection cannot both exclude `holds` and include a part). */
const stockAndHold = (orderId: string) => ({
  sku: 1,
  onHand: 1,
  reserved: 1,
  lowStockThreshold: 1,
  updatedAt: 1,
  [holdField(orderId)]: 1,
});

function withoutHolds(doc: InventoryDoc): InventoryDoc {
  const { holds: _holds, ...rest } = doc;
  return rest;
}

/**
 * Stock per sku. Every change is one conditional update, so `reserved` never exceeds `onHand`, and
 * `reserved` is the sum of `holds`.
 */
export class InventoryRepository {
  readonly collection: Collection<InventoryDoc>;

  constructor(db: Db) {
    this.collection = db.collection<InventoryDoc>('inventory');
  }

  async ensureIndexes(): Promise<void> {
    // _id is the skuKey; nothing else is looked up.
  }

  findBySkuKey(skuKey: string, session?: ClientSession): Promise<InventoryDoc | null> {
    return this.collection.findOne({ _id: skuKey }, { session, projection: STOCK_WITHOUT_HOLDS });
  }

  findBySkuKeys(skuKeys: string[]): Promise<InventoryDoc[]> {
    return this.collection.find({ _id: { $in: skuKeys } }, { projection: STOCK_WITHOUT_HOLDS }).toArray();
  }

  /** Created with the product: no stock until an admin or an import says so. */
  async createIfMissing(skuKey: string, sku: string, now: Date, session?: ClientSession): Promise<void> {
    await this.collection.updateOne(
      { _id: skuKey },
      { $setOnInsert: { sku, onHand: 0, reserved: 0, lowStockThreshold: 0, updatedAt: now } },
      { upsert: true, session },
    );
  }

  /**
   * Holds `quantity` units for an order if at least that many are available: ONE atomic
   * conditional update on the stock document, outside any transaction, marking the hold with the
   * order (`holds.<key>`) so a repeated attempt of the same order never takes the units twice.
   * Transactions that wrote this hot document would conflict with each other and retry (measured:
   * ~10 attempts per order with 50 orders on one sku); a plain conditional update never conflicts.
   */
  async hold(skuKey: string, orderId: string, quantity: number, now: Date): Promise<HoldOutcome> {
    const field = holdField(orderId);
    // Two rounds at most: the second after replacing a hold of a different size (below).
    for (let round = 0; round < 2; round++) {
      const after = await this.collection.findOneAndUpdate(
        {
          _id: skuKey,
          [field]: { $exists: false },
          $expr: { $gte: [{ $subtract: ['$onHand', '$reserved'] }, quantity] },
        },
        { $inc: { reserved: quantity }, $set: { [field]: quantity, updatedAt: now } },
        { returnDocument: 'after', projection: STOCK_WITHOUT_HOLDS },
      );
      if (after) return { held: true, after };
      const current = await this.collection.findOne({ _id: skuKey }, { projection: stockAndHold(orderId) });
      const existing = current?.holds?.[holdKey(orderId)];
      if (existing === undefined) return { held: false, available: availableOf(current ?? undefined) };
      // An earlier attempt of this order (it crashed before its transaction committed) held it.
      if (existing === quantity) return { held: true, after: withoutHolds(current!) };
      // An earlier attempt asked for another quantity (a producer retry that changed the lines):
      // give its units back and hold the new quantity.
      await this.releaseHold(skuKey, orderId, existing, now);
    }
    const current = await this.findBySkuKey(skuKey);
    return { held: false, available: availableOf(current ?? undefined) };
  }

  /**
   * Gives an order's held units back (a released reservation, or a line rolled back because a later
   * one fell short); nothing when the order holds nothing here. Whether it released.
   */
  async releaseHold(
    skuKey: string,
    orderId: string,
    quantity: number,
    now: Date,
    session?: ClientSession,
  ): Promise<boolean> {
    const field = holdField(orderId);
    const result = await this.collection.updateOne(
      { _id: skuKey, [field]: quantity, reserved: { $gte: quantity } },
      { $inc: { reserved: -quantity }, $unset: { [field]: '' }, $set: { updatedAt: now } },
      { session },
    );
    return result.modifiedCount === 1;
  }

  /** Shipped: the order's held units leave the warehouse, so on hand and reserved both fall. */
  async commitHold(
    skuKey: string,
    orderId: string,
    quantity: number,
    now: Date,
    session?: ClientSession,
  ): Promise<void> {
    const field = holdField(orderId);
    await this.collection.updateOne(
      { _id: skuKey, [field]: quantity, reserved: { $gte: quantity }, onHand: { $gte: quantity } },
      { $inc: { reserved: -quantity, onHand: -quantity }, $unset: { [field]: '' }, $set: { updatedAt: now } },
      { session },
    );
  }

  /** Sets the count unless it would fall below what is reserved; the document after, or null. */
  setOnHand(
    skuKey: string,
    changes: { onHand: number; lowStockThreshold?: number },
    now: Date,
    session?: ClientSession,
  ): Promise<InventoryDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: skuKey, reserved: { $lte: changes.onHand } },
      { $set: { ...changes, updatedAt: now } },
      { returnDocument: 'after', session, projection: STOCK_WITHOUT_HOLDS },
    );
  }

  async bulkWrite(ops: AnyBulkWriteOperation<InventoryDoc>[], session?: ClientSession): Promise<void> {
    if (ops.length > 0) await this.collection.bulkWrite(ops, { ordered: false, session });
  }
}
