import type { ClientSession, Collection, Db } from 'mongodb';
import type { CategoryDoc } from '../domain/model.ts';

export class CategoryRepository {
  readonly collection: Collection<CategoryDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CategoryDoc>('categories');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await this.collection.createIndex({ path: 1 }, { name: 'path' });
    await this.collection.createIndex({ parentId: 1 }, { name: 'parent' });
  }

  async insert(category: CategoryDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(category, { session });
  }

  findById(id: string, session?: ClientSession): Promise<CategoryDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  findByIdOrSlug(value: string): Promise<CategoryDoc | null> {
    return this.collection.findOne({ $or: [{ _id: value }, { slug: value.toLowerCase() }] });
  }

  findBySlugs(slugs: string[]): Promise<CategoryDoc[]> {
    return this.collection.find({ slug: { $in: slugs } }).toArray();
  }

  countExisting(ids: string[]): Promise<number> {
    return this.collection.countDocuments({ _id: { $in: ids } });
  }

  all(): Promise<CategoryDoc[]> {
    return this.collection.find({}).sort({ name: 1, _id: 1 }).toArray();
  }

  /** The category and everything below it (a prefix match on the materialised path). */
  subtree(path: string, session?: ClientSession): Promise<CategoryDoc[]> {
    return this.collection.find({ path: { $regex: `^${escapeRegex(path)}` } }, { session }).toArray();
  }

  hasChildren(id: string): Promise<boolean> {
    return this.collection.countDocuments({ parentId: id }, { limit: 1 }).then((n) => n > 0);
  }

  async update(id: string, changes: Partial<CategoryDoc>, session?: ClientSession): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: changes }, { session });
  }

  async setPath(id: string, path: string, now: Date, session?: ClientSession): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { path, updatedAt: now } }, { session });
  }

  async delete(id: string, session?: ClientSession): Promise<void> {
    await this.collection.deleteOne({ _id: id }, { session });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
