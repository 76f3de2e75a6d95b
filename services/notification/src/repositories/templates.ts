import type { Collection, Db } from 'mongodb';
import type { NotificationKindKey } from '../domain/kinds.ts';
import type { TemplateChannel, TemplateSource } from '../templates/source.ts';

/** Which template: one per kind × channel × locale. */
export interface TemplateAddress {
  key: NotificationKindKey;
  channel: TemplateChannel;
  locale: string;
}

/** An admin's override of a seeded template; the defaults live in code (templates/seeds.ts). */
export interface TemplateDoc extends TemplateSource, TemplateAddress {
  /** `key|channel|locale`: at most one override per address. */
  _id: string;
  updatedAt: Date;
  updatedBy: string;
}

export const templateId = (a: TemplateAddress) => `${a.key}|${a.channel}|${a.locale}`;

export class TemplateRepository {
  readonly collection: Collection<TemplateDoc>;

  constructor(db: Db) {
    this.collection = db.collection<TemplateDoc>('templates');
  }

  /** The overrides of one kind and channel in any of `locales` (one query for a fallback chain). */
  findIn(
    key: NotificationKindKey,
    channel: TemplateChannel,
    locales: readonly string[],
  ): Promise<TemplateDoc[]> {
    return this.collection
      .find({ _id: { $in: locales.map((locale) => templateId({ key, channel, locale })) } })
      .toArray();
  }

  /** Every override in these locales (the admin list). */
  allIn(locales: readonly string[]): Promise<TemplateDoc[]> {
    return this.collection.find({ locale: { $in: [...locales] } }).toArray();
  }

  /** Locales that have at least one override. */
  async overriddenLocales(): Promise<string[]> {
    return (await this.collection.distinct('locale')) as string[];
  }

  async save(address: TemplateAddress, source: TemplateSource, by: string, now: Date): Promise<void> {
    const doc = { ...address, ...source, updatedAt: now, updatedBy: by };
    // A replace, not a $set: a part the channel no longer has must not survive from an older save.
    await this.collection.replaceOne({ _id: templateId(address) }, doc, { upsert: true });
  }

  /** Drops the override (the seeded default applies again); false when there was none. */
  async remove(address: TemplateAddress): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: templateId(address) })).deletedCount === 1;
  }
}
