import { findPage, type PageRequest } from '@b2b/shared/db';
import type { ClientSession, Collection, Db } from 'mongodb';
import type { PriceListDoc, PriceListEntryDoc } from '../domain/model.ts';

export class PriceListRepository {
  readonly lists: Collection<PriceListDoc>;
  readonly entries: Collection<PriceListEntryDoc>;

  constructor(db: Db) {
    this.lists = db.collection<PriceListDoc>('price_lists');
    this.entries = db.collection<PriceListEntryDoc>('price_list_entries');
  }

  async ensureIndexes(): Promise<void> {
    await this.lists.createIndex({ name: 1 }, { name: 'name' });
    await this.entries.createIndex({ priceListId: 1, skuKey: 1 }, { unique: true, name: 'list_sku_unique' });
  }

  findById(id: string, session?: ClientSession): Promise<PriceListDoc | null> {
    return this.lists.findOne({ _id: id }, { session });
  }

  page(page: PageRequest) {
    return findPage(this.lists, {}, page);
  }

  entriesOf(priceListId: string, session?: ClientSession): Promise<PriceListEntryDoc[]> {
    return this.entries.find({ priceListId }, { session }).sort({ skuKey: 1 }).toArray();
  }

  /** The list's entries for these skus only (a page of products, an order's lines). */
  entriesFor(
    priceListId: string,
    skuKeys: string[],
  ): Promise<Pick<PriceListEntryDoc, '_id' | 'skuKey' | 'price' | 'tiers'>[]> {
    return this.entries
      .find({ priceListId, skuKey: { $in: skuKeys } }, { projection: { skuKey: 1, price: 1, tiers: 1 } })
      .toArray();
  }

  async upsertList(list: PriceListDoc, session?: ClientSession): Promise<void> {
    await this.lists.replaceOne({ _id: list._id }, list, { upsert: true, session });
  }

  /** Replaces every entry of the list. */
  async replaceEntries(
    priceListId: string,
    entries: PriceListEntryDoc[],
    session?: ClientSession,
  ): Promise<void> {
    await this.entries.deleteMany({ priceListId }, { session });
    if (entries.length > 0) await this.entries.insertMany(entries, { session });
  }

  async delete(id: string, session?: ClientSession): Promise<boolean> {
    await this.entries.deleteMany({ priceListId: id }, { session });
    const result = await this.lists.deleteOne({ _id: id }, { session });
    return result.deletedCount === 1;
  }
}
