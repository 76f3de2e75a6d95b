import { defineSorts, findPage } from '@b2b/shared/db';
import type { Collection, Db, Filter } from 'mongodb';

export interface ShoppingListItem {
  id: string;
  sku: string;
  quantity: number;
  note: string | null;
  addedAt: Date;
}

/** A member's shopping list; `shared` makes it visible to (and editable by) the whole company. */
export interface ShoppingListDoc {
  _id: string;
  companyId: string;
  ownerId: string;
  name: string;
  shared: boolean;
  items: ShoppingListItem[];
  /** Grows with every change: edits are compare-and-set on it, so concurrent edits never lose one. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const recentFirst = defineSorts({ recent: { updatedAt: -1 } }, 'recent');

/** Who is looking: a private list exists only for its owner. */
function visibleTo(userId: string, companyId: string): Filter<ShoppingListDoc> {
  return { companyId, $or: [{ ownerId: userId }, { shared: true }] };
}

export class ShoppingListRepository {
  readonly collection: Collection<ShoppingListDoc>;

  constructor(db: Db) {
    this.collection = db.collection<ShoppingListDoc>('shopping_lists');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ companyId: 1, ownerId: 1 }, { name: 'company_owner' });
    await this.collection.createIndex({ companyId: 1, shared: 1, updatedAt: -1 }, { name: 'company_shared' });
  }

  async insert(doc: ShoppingListDoc): Promise<void> {
    await this.collection.insertOne(doc);
  }

  findVisible(id: string, userId: string, companyId: string): Promise<ShoppingListDoc | null> {
    return this.collection.findOne({ _id: id, ...visibleTo(userId, companyId) });
  }

  listVisible(userId: string, companyId: string, page: { page: number; limit: number }) {
    return findPage(this.collection, visibleTo(userId, companyId), page, recentFirst);
  }

  countOwned(ownerId: string, companyId: string): Promise<number> {
    return this.collection.countDocuments({ ownerId, companyId });
  }

  /** Writes `next` only if the list is still at `version` (and still visible); false when it moved on. */
  async replaceIfUnchanged(
    current: ShoppingListDoc,
    next: ShoppingListDoc,
    userId: string,
  ): Promise<boolean> {
    const result = await this.collection.replaceOne(
      { _id: current._id, version: current.version, ...visibleTo(userId, current.companyId) },
      { ...next, version: current.version + 1 },
    );
    return result.matchedCount === 1;
  }

  async delete(id: string, companyId: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: id, companyId })).deletedCount === 1;
  }
}
