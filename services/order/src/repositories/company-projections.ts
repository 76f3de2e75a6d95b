import { rethrowDuplicateKeyAsConflict } from '@b2b/shared/db';
import type { ClientSession, Collection, Db } from 'mongodb';
import type { CompanyProjection } from '../domain/model.ts';

/** Companies as the company.updated snapshots describe them; a snapshot applies only if newer. */
export class CompanyProjectionRepository {
  readonly collection: Collection<CompanyProjection>;

  constructor(db: Db) {
    this.collection = db.collection<CompanyProjection>('company_projections');
  }

  async ensureIndexes(): Promise<void> {}

  find(id: string, session?: ClientSession): Promise<CompanyProjection | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  /** Replaces the projection when `doc.version` is above the stored one, inserts it when absent. */
  async applyIfNewer(doc: CompanyProjection, session?: ClientSession): Promise<boolean> {
    return applyIfNewer(this.collection, doc, session);
  }
}

/**
 * Read, compare, write, inside the event handler's transaction. Two snapshots of one entity at once
 * write the same document: the later transaction gets a write conflict — or, when both create the
 * document, a duplicate key, labelled a conflict — and retries, then sees the other's version.
 */
export async function applyIfNewer<T extends { _id: string; version: number }>(
  collection: Collection<T>,
  doc: T,
  session?: ClientSession,
): Promise<boolean> {
  const filter = { _id: doc._id } as never;
  const current = (await collection.findOne(filter, { session, projection: { version: 1 } })) as {
    version: number;
  } | null;
  if (current && current.version >= doc.version) return false;
  if (current) await collection.replaceOne(filter, doc, { session });
  else
    await collection
      .insertOne(doc as never, { session })
      .catch((err) => rethrowDuplicateKeyAsConflict(err, session));
  return true;
}
