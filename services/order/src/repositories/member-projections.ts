import type { ClientSession, Collection, Db } from 'mongodb';
import type { MemberProjection } from '../domain/model.ts';
import { applyIfNewer } from './company-projections.ts';

/** Members as the member.updated / member.removed snapshots describe them (apply if newer). */
export class MemberProjectionRepository {
  readonly collection: Collection<MemberProjection>;

  constructor(db: Db) {
    this.collection = db.collection<MemberProjection>('member_projections');
  }

  async ensureIndexes(): Promise<void> {}

  find(userId: string, session?: ClientSession): Promise<MemberProjection | null> {
    return this.collection.findOne({ _id: userId }, { session });
  }

  applyIfNewer(doc: MemberProjection, session?: ClientSession): Promise<boolean> {
    return applyIfNewer(this.collection, doc, session);
  }
}
