import type { ClientSession, Collection, Db } from 'mongodb';
import type { ApproverRole, StoredMoney } from '../domain/model.ts';

/** A company's buying settings, kept by its company admin: approval rules and cost centers. */
export interface CompanySettingsDoc {
  _id: string;
  /** In the order they were given; the decision applies them lowest `minTotal` first. */
  approvalRules: { minTotal: StoredMoney; approverRole: ApproverRole }[];
  costCenters: { code: string; name: string }[];
  updatedAt: Date;
  updatedBy: string | null;
}

export class CompanySettingsRepository {
  readonly collection: Collection<CompanySettingsDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CompanySettingsDoc>('company_settings');
  }

  async ensureIndexes(): Promise<void> {
    // Read by `_id` (the company id) only.
  }

  find(companyId: string, session?: ClientSession): Promise<CompanySettingsDoc | null> {
    return this.collection.findOne({ _id: companyId }, { session });
  }

  /** Sets one setting of the company, creating the document with empty others. */
  async put<K extends 'approvalRules' | 'costCenters'>(
    companyId: string,
    key: K,
    value: CompanySettingsDoc[K],
    by: string,
    now: Date,
  ): Promise<CompanySettingsDoc> {
    const other = key === 'approvalRules' ? 'costCenters' : 'approvalRules';
    const doc = await this.collection.findOneAndUpdate(
      { _id: companyId },
      { $set: { [key]: value, updatedAt: now, updatedBy: by }, $setOnInsert: { [other]: [] } } as never,
      { upsert: true, returnDocument: 'after' },
    );
    if (!doc) throw new Error('company settings upsert returned nothing');
    return doc;
  }
}
