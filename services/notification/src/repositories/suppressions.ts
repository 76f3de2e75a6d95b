import { defineSorts, findPage, type Page, type PageRequest } from '@b2b/shared/db';
import type { Collection, Db } from 'mongodb';

/** Why an address is never emailed again: SES reported a permanent bounce or a complaint. */
export type SuppressionCause = 'bounce' | 'complaint';

/** One suppressed address (the `_id`, lower-cased): at most one record, the latest report wins. */
export interface SuppressionDoc {
  _id: string;
  cause: SuppressionCause;
  /** SES's diagnostic (`smtp; 550 5.1.1 user unknown`) or complaint type (`abuse`). */
  detail: string;
  /** Where the report came from: the SES feedback queue, or the local simulation route. */
  source: 'ses' | 'local';
  createdAt: Date;
  updatedAt: Date;
}

/** Addresses compare case-insensitively (what mailbox providers do in practice). */
export const suppressionKey = (address: string) => address.trim().toLowerCase();

const newestFirst = defineSorts({ newest: { updatedAt: -1 } }, 'newest');

export class SuppressionRepository {
  readonly collection: Collection<SuppressionDoc>;

  constructor(db: Db) {
    this.collection = db.collection<SuppressionDoc>('suppressions');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ updatedAt: -1, _id: -1 }, { name: 'newest' });
  }

  /** Records (or refreshes) a suppression; a repeated report of the same address is one record. */
  async suppress(
    address: string,
    report: Pick<SuppressionDoc, 'cause' | 'detail' | 'source'>,
    now: Date,
  ): Promise<void> {
    await this.collection.updateOne(
      { _id: suppressionKey(address) },
      { $set: { ...report, updatedAt: now }, $setOnInsert: { createdAt: now } },
      { upsert: true },
    );
  }

  find(address: string): Promise<SuppressionDoc | null> {
    return this.collection.findOne({ _id: suppressionKey(address) });
  }

  list(page: PageRequest, address?: string): Promise<Page<SuppressionDoc>> {
    return findPage(this.collection, address ? { _id: suppressionKey(address) } : {}, page, newestFirst);
  }

  /** Lifts a suppression (an admin confirmed the address works again); false when there was none. */
  async remove(address: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: suppressionKey(address) })).deletedCount === 1;
  }
}
