import { rethrowDuplicateKeyAsConflict } from '@b2b/shared/db';
import type { ClientSession, Collection, Db } from 'mongodb';
import type { CompanyProjectionDoc } from '../domain/model.ts';

/** The local projection of companies (from `company.updated`): which price list each one buys at. */
export class CompanyProjectionRepository {
  readonly collection: Collection<CompanyProjectionDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CompanyProjectionDoc>('companies');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ priceListId: 1 }, { name: 'price_list' });
  }

  findById(id: string, session?: ClientSession): Promise<CompanyProjectionDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  /** Which price list the company buys at (null: none, or a company not known yet). */
  async priceListIdOf(id: string): Promise<string | null> {
    const company = await this.collection.findOne({ _id: id }, { projection: { priceListId: 1 } });
    return company?.priceListId ?? null;
  }

  /**
   * Stores the snapshot unless the projection already holds the same or a newer version. Two
   * snapshots of a new company handled at once both see no document and both insert it: the
   * loser's duplicate key is a write conflict in all but name, so it is labelled transient and the
   * driver retries its whole transaction, which then sees the winner's document and compares versions.
   */
  async applyIfNewer(snapshot: CompanyProjectionDoc, session?: ClientSession): Promise<boolean> {
    const current = await this.collection.findOne({ _id: snapshot._id }, { session });
    if (current && current.version >= snapshot.version) return false;
    try {
      await this.collection.replaceOne({ _id: snapshot._id }, snapshot, { upsert: true, session });
    } catch (err) {
      rethrowDuplicateKeyAsConflict(err, session);
    }
    return true;
  }

  usesPriceList(priceListId: string): Promise<boolean> {
    return this.collection.countDocuments({ priceListId }, { limit: 1 }).then((n) => n > 0);
  }
}
