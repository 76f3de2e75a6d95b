import { defineSorts, findPage, type Page, type PageRequest } from '@b2b/shared/db';
import type { Collection, Db } from 'mongodb';

/** What SES or SNS would have sent, kept locally so a person can read it (never in AWS). */
export interface MailboxDoc {
  _id: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string | null;
  text: string;
  html: string | null;
  createdAt: Date;
}

const newestFirst = defineSorts({ newest: { createdAt: -1 } }, 'newest');

export class MailboxRepository {
  readonly collection: Collection<MailboxDoc>;

  constructor(db: Db) {
    this.collection = db.collection<MailboxDoc>('mailbox');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ createdAt: -1, _id: -1 }, { name: 'newest' });
  }

  async add(doc: MailboxDoc): Promise<void> {
    await this.collection.insertOne(doc);
  }

  list(page: PageRequest, to?: string): Promise<Page<MailboxDoc>> {
    return findPage(this.collection, to ? { to } : {}, page, newestFirst);
  }

  find(id: string): Promise<MailboxDoc | null> {
    return this.collection.findOne({ _id: id });
  }
}
