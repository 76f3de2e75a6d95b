import { defineSorts, findPage, type Page, type PageRequest } from '@b2b/shared/db';
import { type Collection, type Db, type Filter, MongoServerError } from 'mongodb';

/** An in-app notification. `_id` is the delivery key: one per (event, user), inserted once. */
export interface InboxDoc {
  _id: string;
  userId: string;
  template: string;
  subject: string;
  text: string;
  readAt: Date | null;
  createdAt: Date;
}

const newestFirst = defineSorts({ newest: { createdAt: -1 } }, 'newest');

export class InboxRepository {
  readonly collection: Collection<InboxDoc>;

  constructor(db: Db) {
    this.collection = db.collection<InboxDoc>('inbox');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ userId: 1, createdAt: -1, _id: -1 }, { name: 'user_newest' });
  }

  /** False when it is already there (a repeated delivery): the insert is the exactly-once step. */
  async add(doc: InboxDoc): Promise<boolean> {
    try {
      await this.collection.insertOne(doc);
      return true;
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) return false;
      throw err;
    }
  }

  list(userId: string, unreadOnly: boolean, page: PageRequest): Promise<Page<InboxDoc>> {
    const filter: Filter<InboxDoc> = { userId };
    if (unreadOnly) filter.readAt = null;
    return findPage(this.collection, filter, page, newestFirst);
  }

  /** Marks the user's own notification read (first read time kept); null for anyone else's. */
  async markRead(userId: string, id: string, now: Date): Promise<InboxDoc | null> {
    await this.collection.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt: now } });
    return this.collection.findOne({ _id: id, userId });
  }
}
