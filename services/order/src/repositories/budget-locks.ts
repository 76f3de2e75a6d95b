import { rethrowDuplicateKeyAsConflict } from '@b2b/shared/db';
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

  /**
   * Best as the transaction's first write. When it is not (an event handler that decides a held
   * order after its own writes), the member's first lock may be created by a concurrent checkout
   * after this transaction's snapshot: the upsert then collides on _id, which is retried as the
   * write conflict it is.
   */
  async take(userId: string, session: ClientSession): Promise<void> {
    try {
      await this.collection.updateOne({ _id: userId }, { $inc: { seq: 1 } }, { upsert: true, session });
    } catch (err) {
      rethrowDuplicateKeyAsConflict(err, session);
    }
  }
}
