import type { Collection, Db } from 'mongodb';
import type { NotificationKindKey } from '../domain/kinds.ts';

export interface ChannelChoice {
  email: boolean;
  sms: boolean;
  inApp: boolean;
}

/** One document per user: only the kinds they changed (the rest use the defaults). */
export interface PreferenceDoc {
  _id: string;
  kinds: Partial<Record<NotificationKindKey, ChannelChoice>>;
  updatedAt: Date;
}

export class PreferenceRepository {
  readonly collection: Collection<PreferenceDoc>;

  constructor(db: Db) {
    this.collection = db.collection<PreferenceDoc>('preferences');
  }

  find(userId: string): Promise<PreferenceDoc | null> {
    return this.collection.findOne({ _id: userId });
  }

  /** Sets the given kinds, leaving the others as they were. */
  async update(
    userId: string,
    kinds: Partial<Record<NotificationKindKey, ChannelChoice>>,
    now: Date,
  ): Promise<PreferenceDoc | null> {
    const set: Record<string, unknown> = { updatedAt: now };
    for (const [kind, choice] of Object.entries(kinds)) set[`kinds.${kind}`] = choice;
    return this.collection.findOneAndUpdate(
      { _id: userId },
      { $set: set, $setOnInsert: {} },
      { upsert: true, returnDocument: 'after' },
    );
  }
}
