import { containsText, findPage, type Page, type PageRequest } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, Filter } from 'mongodb';
import type { CompanyDoc, CompanyStatus, PaymentTerms, StoredMoney } from '../domain/model.ts';

export class CompanyRepository {
  readonly collection: Collection<CompanyDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CompanyDoc>('companies');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ name: 1 }, { name: 'name' });
  }

  async insert(company: CompanyDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(company, { session });
  }

  findById(id: string): Promise<CompanyDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  findByName(name: string): Promise<CompanyDoc | null> {
    return this.collection.findOne({ name });
  }

  async search(query: PageRequest & { q?: string; status?: CompanyStatus }): Promise<Page<CompanyDoc>> {
    const filter: Filter<CompanyDoc> = {};
    if (query.q) filter.name = containsText(query.q);
    if (query.status) filter.status = query.status;
    return findPage(this.collection, filter, query);
  }

  async updateTerms(
    id: string,
    changes: {
      status?: CompanyStatus;
      paymentTerms?: PaymentTerms;
      creditLimit?: StoredMoney;
      priceListId?: string | null;
      country?: string | null;
      vatId?: string | null;
    },
    now: Date,
    session?: ClientSession,
  ): Promise<CompanyDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: id },
      { $set: { ...changes, updatedAt: now }, $inc: { version: 1 } },
      { returnDocument: 'after', session },
    );
  }

  /** Every company, in batches (for republishing snapshots). */
  all(): AsyncIterable<CompanyDoc> {
    return this.collection.find({}).sort({ _id: 1 });
  }
}
