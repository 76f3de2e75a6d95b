import { isDuplicateKey } from '@b2b/shared/db';
import type { Collection, Db } from 'mongodb';

interface LeaseDoc {
  _id: string;
  owner: string;
  until: Date;
}

/**
 * A lease per periodic job, so that of all the service's tasks one runs it at a time; the lease
 * runs out by itself when its holder dies, and another task takes over.
 */
export class JobLeaseRepository {
  readonly collection: Collection<LeaseDoc>;

  constructor(db: Db) {
    this.collection = db.collection<LeaseDoc>('job_leases');
  }

  async ensureIndexes(): Promise<void> {}

  /** Takes or renews the lease of `job` for `owner` until `until`; false when another task holds it. */
  async tryAcquire(job: string, owner: string, now: Date, until: Date): Promise<boolean> {
    try {
      const held = await this.collection.findOneAndUpdate(
        { _id: job, $or: [{ owner }, { until: { $lte: now } }] },
        { $set: { owner, until } },
        { upsert: true, returnDocument: 'after' },
      );
      return held?.owner === owner;
    } catch (err) {
      // The filter did not match (another live holder), so the upsert tried to insert the same _id.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
