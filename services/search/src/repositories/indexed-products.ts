import { isDuplicateKey } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, MongoServerError } from 'mongodb';
import type { IndexedDocument } from '../schemas/index-feed.ts';

/**
 * One record per product the service has heard of: the state of the search index, owned by this
 * service. Every task's in-memory engine is filled from it through the index feed, so a task
 * that never received an event (SQS gives each to one task) still holds every product.
 */
export interface IndexedProductRecord {
  /** The product id. */
  _id: string;
  /** The snapshot version last applied: an older or equal one is ignored. */
  version: number;
  /** What the engine holds; null while the product is not findable (draft or archived): a tombstone that keeps the version. */
  doc: IndexedDocument | null;
  /** When the service first heard of the product: the "newest" sort. */
  createdAt: Date;
  /** Stamped on every write: the feed's order. */
  updatedAt: Date;
}

export const INDEXED_PRODUCTS_COLLECTION = 'indexed_products';

export type ApplyOutcome = 'applied' | 'stale';

export class IndexedProductRepository {
  readonly collection: Collection<IndexedProductRecord>;

  constructor(db: Db) {
    this.collection = db.collection<IndexedProductRecord>(INDEXED_PRODUCTS_COLLECTION);
  }

  /** The feed's index is created by the feed itself (see index-feed.ts); nothing else is queried. */
  async ensureIndexes(): Promise<void> {}

  findById(id: string, session?: ClientSession): Promise<IndexedProductRecord | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  /**
   * Writes the product's state when `version` is newer than the stored one ("apply if newer").
   * Run inside the consumer's transaction: two deliveries racing on one product conflict on this
   * document and the loser is retried, then sees the winner's version.
   */
  async applyIfNewer(
    id: string,
    version: number,
    build: (createdAt: Date) => IndexedDocument | null,
    now: Date,
    session: ClientSession,
  ): Promise<ApplyOutcome> {
    const current = await this.collection.findOne(
      { _id: id },
      { session, projection: { version: 1, createdAt: 1 } },
    );
    if (current && current.version >= version) return 'stale';
    const createdAt = current?.createdAt ?? now;
    try {
      await this.collection.replaceOne(
        { _id: id },
        { version, doc: build(createdAt), createdAt, updatedAt: now },
        { upsert: true, session },
      );
    } catch (err) {
      // Two first deliveries of one product raced and the other's insert committed first. Marked
      // transient, the transaction is run again: it reads that version and decides again.
      if (isDuplicateKey(err)) (err as MongoServerError).addErrorLabel('TransientTransactionError');
      throw err;
    }
    return 'applied';
  }
}
