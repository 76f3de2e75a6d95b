import { rethrowDuplicateKeyAsConflict } from '@b2b/shared/db';
import type { ClientSession, Collection, Db } from 'mongodb';

interface MemberLockDoc {
  _id: string;
  seq: number;
}

/**
 * The member's lock: one document per member, written first in every transaction whose decision
 * depends on what another transaction of that member may be writing (order-placement.ts): a
 * checkout of a member with a monthly budget (each one's reading of the month's spend then
 * includes the other's order, so the budget cannot be overspent by a race), a checkout of a member
 * not known yet, and member.updated's re-decision of the orders held for an unknown buyer. Two
 * such transactions write the same document, so the database serialises them (the second gets a
 * write conflict and is retried). The document holds nothing but a counter.
 */
export class MemberLockRepository {
  readonly collection: Collection<MemberLockDoc>;

  constructor(db: Db) {
    this.collection = db.collection<MemberLockDoc>('member_locks');
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
