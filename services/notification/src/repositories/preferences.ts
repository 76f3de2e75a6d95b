import type { Collection, Db } from 'mongodb';
import { type NotificationKindKey, notificationKindKeys } from '../domain/kinds.ts';

export interface ChannelChoice {
  email: boolean;
  sms: boolean;
  inApp: boolean;
}

/**
 * One document per user: only the kinds they changed (the rest use the defaults). Kind names hold
 * dots, which a field path would read as nesting, so they are stored with `_` for `.` (`order_shipped`).
 */
interface StoredPreferenceDoc {
  _id: string;
  kinds: Record<string, ChannelChoice>;
  updatedAt: Date;
}

export interface PreferenceDoc {
  _id: string;
  kinds: Partial<Record<NotificationKindKey, ChannelChoice>>;
  updatedAt: Date;
}

const storedKey = (kind: string) => kind.replaceAll('.', '_');

function fromStored(doc: StoredPreferenceDoc | null): PreferenceDoc | null {
  if (!doc) return null;
  const kinds: Record<string, ChannelChoice> = {};
  for (const kind of notificationKindKeys) {
    const choice = doc.kinds?.[storedKey(kind)];
    if (choice) kinds[kind] = choice;
  }
  return { ...doc, kinds };
}

export class PreferenceRepository {
  readonly collection: Collection<StoredPreferenceDoc>;

  constructor(db: Db) {
    this.collection = db.collection<StoredPreferenceDoc>('preferences');
  }

  async find(userId: string): Promise<PreferenceDoc | null> {
    return fromStored(await this.collection.findOne({ _id: userId }));
  }

  /** Sets the given kinds, leaving the others as they were. */
  async update(
    userId: string,
    kinds: Partial<Record<NotificationKindKey, ChannelChoice>>,
    now: Date,
  ): Promise<PreferenceDoc | null> {
    const set: Record<string, unknown> = { updatedAt: now };
    for (const [kind, choice] of Object.entries(kinds)) set[`kinds.${storedKey(kind)}`] = choice;
    return fromStored(
      await this.collection.findOneAndUpdate(
        { _id: userId },
        { $set: set },
        { upsert: true, returnDocument: 'after' },
      ),
    );
  }
}
