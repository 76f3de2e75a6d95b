import { isDuplicateKey } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, Filter } from 'mongodb';
import type { CartDoc, CartLine } from '../domain/model.ts';

/** The revision a cart was read at; carts saved before revisions existed count as 0. */
export function revisionOf(cart: CartDoc): number {
  return cart.revision ?? 0;
}

/** The cart still at the revision it was read at (a missing field is revision 0). */
function atRevision(userId: string, companyId: string, revision: number): Filter<CartDoc> {
  return revision === 0
    ? { _id: userId, companyId, $or: [{ revision: 0 }, { revision: { $exists: false } }] }
    : { _id: userId, companyId, revision };
}

/**
 * Carts change by read → change → conditional save: every save names the revision it read, so two
 * concurrent writes of one cart (two tabs, a quick order next to an add) cannot overwrite each
 * other's lines; the loser reads again and redoes its change (domain/cart.ts).
 */
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

  /**
   * Saves `items` only if the cart is still at `readRevision` (null: there was no cart when it was
   * read). False when another write got there first.
   */
  async saveIfUnchanged(
    userId: string,
    companyId: string,
    items: CartLine[],
    now: Date,
    readRevision: number | null,
  ): Promise<boolean> {
    if (readRevision === null) {
      try {
        await this.collection.insertOne({ _id: userId, companyId, items, updatedAt: now, revision: 1 });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    }
    const result = await this.collection.updateOne(atRevision(userId, companyId, readRevision), {
      $set: { items, updatedAt: now },
      $inc: { revision: 1 },
    });
    return result.modifiedCount === 1;
  }

  /** Empties the cart whatever it holds (DELETE /cart). */
  async clear(userId: string, companyId: string, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: userId, companyId },
      { $set: { items: [], updatedAt: now }, $inc: { revision: 1 } },
    );
  }

  /**
   * Checkout's half: empties the cart only if it is still the one that was priced (at
   * `readRevision`). False when it changed meanwhile — or another checkout of it won.
   */
  async clearIfUnchanged(
    userId: string,
    companyId: string,
    readRevision: number,
    now: Date,
    session: ClientSession,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      atRevision(userId, companyId, readRevision),
      { $set: { items: [], updatedAt: now }, $inc: { revision: 1 } },
      { session },
    );
    return result.modifiedCount === 1;
  }
}
