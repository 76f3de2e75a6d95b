import type { ClientSession, Collection, Db } from 'mongodb';
import type { CartDoc, CartLine } from '../domain/model.ts';

export class CartRepository {
  readonly collection: Collection<CartDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CartDoc>('carts');
  }

  async ensureIndexes(): Promise<void> {
    // Carts are read by `_id` (the user id) only.
  }

  /** The user's cart within their company: another company's cart is never found. */
  find(userId: string, companyId: string, session?: ClientSession): Promise<CartDoc | null> {
    return this.collection.findOne({ _id: userId, companyId }, { session });
  }

  async save(
    userId: string,
    companyId: string,
    items: CartLine[],
    now: Date,
    session?: ClientSession,
  ): Promise<CartDoc> {
    const doc: CartDoc = { _id: userId, companyId, items, updatedAt: now };
    await this.collection.replaceOne({ _id: userId }, doc, { upsert: true, session });
    return doc;
  }

  async clear(userId: string, companyId: string, now: Date, session?: ClientSession): Promise<void> {
    await this.collection.updateOne(
      { _id: userId, companyId },
      { $set: { items: [], updatedAt: now } },
      { session },
    );
  }
}
