import type { AnyBulkWriteOperation, ClientSession, Collection, Db } from 'mongodb';
import type { InventoryDoc } from '../domain/model.ts';

/** Stock per sku. Every change is one conditional update, so `reserved` never exceeds `onHand`. */
export class InventoryRepository {
  readonly collection: Collection<InventoryDoc>;

  constructor(db: Db) {
    this.collection = db.collection<InventoryDoc>('inventory');
  }

  async ensureIndexes(): Promise<void> {
    // _id is the skuKey; nothing else is looked up.
  }

  findBySkuKey(skuKey: string, session?: ClientSession): Promise<InventoryDoc | null> {
    return this.collection.findOne({ _id: skuKey }, { session });
  }

  findBySkuKeys(skuKeys: string[]): Promise<InventoryDoc[]> {
    return this.collection.find({ _id: { $in: skuKeys } }).toArray();
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
   * Takes `quantity` units if at least that many are available, in one atomic conditional update;
   * the document after, or null when there were not enough.
   */
  tryReserve(
    skuKey: string,
    quantity: number,
    now: Date,
    session?: ClientSession,
  ): Promise<InventoryDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: skuKey, $expr: { $gte: [{ $subtract: ['$onHand', '$reserved'] }, quantity] } },
      { $inc: { reserved: quantity }, $set: { updatedAt: now } },
      { returnDocument: 'after', session },
    );
  }

  /** Gives reserved units back (a released reservation or a rolled-back line). */
  async unreserve(skuKey: string, quantity: number, now: Date, session?: ClientSession): Promise<void> {
    await this.collection.updateOne(
      { _id: skuKey, reserved: { $gte: quantity } },
      { $inc: { reserved: -quantity }, $set: { updatedAt: now } },
      { session },
    );
  }

  /** Shipped: the units leave the warehouse, so on hand and reserved both fall. */
  async commit(skuKey: string, quantity: number, now: Date, session?: ClientSession): Promise<void> {
    await this.collection.updateOne(
      { _id: skuKey, reserved: { $gte: quantity }, onHand: { $gte: quantity } },
      { $inc: { reserved: -quantity, onHand: -quantity }, $set: { updatedAt: now } },
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
      { returnDocument: 'after', session },
    );
  }

  async bulkWrite(ops: AnyBulkWriteOperation<InventoryDoc>[], session?: ClientSession): Promise<void> {
    if (ops.length > 0) await this.collection.bulkWrite(ops, { ordered: false, session });
  }
}
