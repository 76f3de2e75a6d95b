import type { ClientSession, Collection, Db } from 'mongodb';

interface BudgetLockDoc {
  _id: string;
  seq: number;
}

/**
 * One document per member with a monthly budget, written first in every checkout transaction of
 * that member. Two concurrent checkouts of one member write the same document, so the database
 * serialises them (the second gets a write conflict and its transaction is retried): each one's
 * reading of the month's spend then includes the other's order, and the budget cannot be
 * overspent by a race.
 */
export class BudgetLockRepository {
  readonly collection: Collection<BudgetLockDoc>;

  constructor(db: Db) {
    this.collection = db.collection<BudgetLockDoc>('budget_locks');
  }

  async ensureIndexes(): Promise<void> {}

  async take(userId: string, session: ClientSession): Promise<void> {
    await this.collection.updateOne({ _id: userId }, { $inc: { seq: 1 } }, { upsert: true, session });
  }
}
