import type { Collection, Db } from 'mongodb';
import type { NotificationKindKey } from '../domain/kinds.ts';
import type { TemplateSource } from '../templates/defaults.ts';

/** An admin's override of a seeded template; the default lives in code (templates/defaults.ts). */
export interface TemplateDoc extends TemplateSource {
  _id: NotificationKindKey;
  updatedAt: Date;
  updatedBy: string;
}

export class TemplateRepository {
  readonly collection: Collection<TemplateDoc>;

  constructor(db: Db) {
    this.collection = db.collection<TemplateDoc>('templates');
  }

  find(key: NotificationKindKey): Promise<TemplateDoc | null> {
    return this.collection.findOne({ _id: key });
  }

  /** Every override (at most one per kind). */
  all(): Promise<TemplateDoc[]> {
    return this.collection.find({}).toArray();
  }

  async save(doc: TemplateDoc): Promise<void> {
    const { _id, ...fields } = doc;
    await this.collection.updateOne({ _id }, { $set: fields }, { upsert: true });
  }
}
