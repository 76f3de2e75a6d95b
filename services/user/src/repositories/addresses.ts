import { findPage, type Page, type PageRequest } from '@b2b/shared/db';
import type { Collection, Db } from 'mongodb';
import type { AddressDoc } from '../domain/model.ts';

export type AddressFields = Pick<
  AddressDoc,
  'label' | 'line1' | 'line2' | 'city' | 'postalCode' | 'country' | 'isDefault'
>;

/** Every query carries the owner's id: someone else's address is "not found", never readable. */
export class AddressRepository {
  readonly collection: Collection<AddressDoc>;

  constructor(db: Db) {
    this.collection = db.collection<AddressDoc>('addresses');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ userId: 1, createdAt: 1 }, { name: 'owner' });
  }

  /** Oldest first (the default order of `findPage`, served by the `owner` index). */
  async list(userId: string, page: PageRequest): Promise<Page<AddressDoc>> {
    return findPage(this.collection, { userId }, page);
  }

  count(userId: string): Promise<number> {
    return this.collection.countDocuments({ userId });
  }

  findOwned(userId: string, id: string): Promise<AddressDoc | null> {
    return this.collection.findOne({ _id: id, userId });
  }

  async insert(address: AddressDoc): Promise<void> {
    if (address.isDefault) await this.clearDefault(address.userId);
    await this.collection.insertOne(address);
  }

  async updateOwned(
    userId: string,
    id: string,
    changes: Partial<AddressFields>,
    now: Date,
  ): Promise<AddressDoc | null> {
    if (!(await this.findOwned(userId, id))) return null;
    if (changes.isDefault) await this.clearDefault(userId);
    return this.collection.findOneAndUpdate(
      { _id: id, userId },
      { $set: { ...changes, updatedAt: now } },
      { returnDocument: 'after' },
    );
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const result = await this.collection.deleteOne({ _id: id, userId });
    return result.deletedCount === 1;
  }

  async deleteAllOf(userId: string): Promise<void> {
    await this.collection.deleteMany({ userId });
  }

  /** One default address per user. */
  private async clearDefault(userId: string): Promise<void> {
    await this.collection.updateMany({ userId, isDefault: true }, { $set: { isDefault: false } });
  }
}
