import type { Collection, Db } from 'mongodb';

/** The recent invitations of one company (at most the hourly quota of them). */
export interface InvitationQuotaDoc {
  /** The company id. */
  _id: string;
  sentAt: Date[];
}

/**
 * Invitations a company sent recently. Each one emails an address the inviter typed, so without a
 * quota a free self-registered company could use the platform to mail anyone, again and again.
 */
export class InvitationQuotaRepository {
  readonly collection: Collection<InvitationQuotaDoc>;

  constructor(db: Db) {
    this.collection = db.collection<InvitationQuotaDoc>('invitation_quota');
  }

  async ensureIndexes(): Promise<void> {
    // Looked up by _id only.
  }

  /** How many invitations the company sent since `since`. */
  async sentSince(companyId: string, since: Date): Promise<{ count: number; oldest: Date | undefined }> {
    const doc = await this.collection.findOne({ _id: companyId });
    const recent = (doc?.sentAt ?? []).filter((at) => at > since);
    return { count: recent.length, oldest: recent[0] };
  }

  /** Records one invitation, keeping only the last `keep`. */
  async record(companyId: string, at: Date, keep: number): Promise<void> {
    await this.collection.updateOne(
      { _id: companyId },
      { $push: { sentAt: { $each: [at], $slice: -keep } } },
      { upsert: true },
    );
  }
}
