import type { Collection, Db } from 'mongodb';
import type { LoginThrottleDoc } from '../domain/model.ts';

export class LoginThrottleRepository {
  readonly collection: Collection<LoginThrottleDoc>;

  constructor(db: Db) {
    this.collection = db.collection<LoginThrottleDoc>('login_throttle');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ lockedUntil: 1 }, { name: 'locks' });
  }

  find(key: string): Promise<LoginThrottleDoc | null> {
    return this.collection.findOne({ _id: key });
  }

  /** Appends a failure, keeping only the last `keep`, and returns the updated record. */
  recordFailure(
    key: string,
    userId: string | null,
    now: Date,
    keep: number,
  ): Promise<LoginThrottleDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: key },
      {
        $push: { failures: { $each: [now], $slice: -keep } },
        $set: { userId },
        $setOnInsert: { lockedUntil: null },
      },
      { upsert: true, returnDocument: 'after' },
    );
  }

  async lock(key: string, until: Date): Promise<void> {
    await this.collection.updateOne({ _id: key }, { $set: { lockedUntil: until, failures: [] } });
  }

  /** Clears an expired lock once; returns whether this call cleared it (so the end is logged once). */
  async clearExpiredLock(key: string, now: Date): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: key, lockedUntil: { $ne: null, $lte: now } },
      { $set: { lockedUntil: null, failures: [] } },
    );
    return result.modifiedCount === 1;
  }

  async reset(key: string): Promise<void> {
    await this.collection.deleteOne({ _id: key });
  }

  /** Expired locks, for the sweeper that logs their end even when nobody tries again. */
  findExpiredLocks(now: Date, limit = 100): Promise<LoginThrottleDoc[]> {
    return this.collection
      .find({ lockedUntil: { $ne: null, $lte: now } })
      .limit(limit)
      .toArray();
  }
}
