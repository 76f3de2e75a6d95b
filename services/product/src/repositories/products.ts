import { containsText, defineSorts, findPage, type PageRequest } from '@b2b/shared/db';
import type { AnyBulkWriteOperation, ClientSession, Collection, Db, Filter } from 'mongodb';
import type { ProductDoc, ProductStatus } from '../domain/model.ts';

/** The list orders of `GET /products?sort=` (each backed by an index; `_id` breaks ties). */
export const productSorts = defineSorts(
  {
    name: { name: 1 },
    '-name': { name: -1 },
    price: { 'listPrice.amount': 1 },
    '-price': { 'listPrice.amount': -1 },
    newest: { createdAt: -1 },
  },
  'name',
);
export type ProductSort = (typeof productSorts.keys)[number];

export interface ProductSearch {
  q?: string;
  /** Products in any of these categories. */
  categoryIds?: string[];
  statuses?: ProductStatus[];
  sort?: ProductSort;
}

export class ProductRepository {
  readonly collection: Collection<ProductDoc>;

  constructor(db: Db) {
    this.collection = db.collection<ProductDoc>('products');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ skuKey: 1 }, { unique: true, name: 'sku_unique' });
    await this.collection.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await this.collection.createIndex({ categoryIds: 1, status: 1 }, { name: 'category_status' });
    await this.collection.createIndex({ status: 1, name: 1 }, { name: 'status_name' });
    await this.collection.createIndex({ status: 1, 'listPrice.amount': 1 }, { name: 'status_price' });
    await this.collection.createIndex({ status: 1, createdAt: -1 }, { name: 'status_newest' });
  }

  async insert(product: ProductDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(product, { session });
  }

  findById(id: string, session?: ClientSession): Promise<ProductDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  /** By id or by sku (case-insensitive). */
  /** Two index lookups (sku first: what links use), cheaper than one `$or` the planner may scan for. */
  async findByIdOrSku(idOrSku: string, session?: ClientSession): Promise<ProductDoc | null> {
    return (
      (await this.collection.findOne({ skuKey: idOrSku.toUpperCase() }, { session })) ??
      this.collection.findOne({ _id: idOrSku }, { session })
    );
  }

  findBySkuKeys(skuKeys: string[], session?: ClientSession): Promise<ProductDoc[]> {
    return this.collection.find({ skuKey: { $in: skuKeys } }, { session }).toArray();
  }

  /** Batch read for carts and lists: each value is an id or a sku. */
  findManyByIdOrSku(values: string[], statuses?: ProductStatus[]): Promise<ProductDoc[]> {
    const filter: Filter<ProductDoc> = {
      $or: [{ _id: { $in: values } }, { skuKey: { $in: values.map((v) => v.toUpperCase()) } }],
    };
    if (statuses) filter.status = { $in: statuses };
    return this.collection.find(filter).toArray();
  }

  search(query: ProductSearch, page: PageRequest): Promise<{ items: ProductDoc[]; total: number }> {
    const filter: Filter<ProductDoc> = {};
    if (query.statuses) filter.status = { $in: query.statuses };
    if (query.categoryIds) filter.categoryIds = { $in: query.categoryIds };
    if (query.q) {
      const text = containsText(query.q);
      filter.$or = [{ name: text }, { sku: text }, { brand: text }];
    }
    return findPage(this.collection, filter, { ...page, sort: query.sort }, productSorts);
  }

  /** Replaces the product if it is still at `expectedVersion` (optimistic concurrency). */
  async replaceIfVersion(
    product: ProductDoc,
    expectedVersion: number,
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.collection.replaceOne({ _id: product._id, version: expectedVersion }, product, {
      session,
    });
    return result.matchedCount === 1;
  }

  countInCategory(categoryId: string): Promise<number> {
    return this.collection.countDocuments({ categoryIds: categoryId }, { limit: 1 });
  }

  async bulkWrite(ops: AnyBulkWriteOperation<ProductDoc>[], session?: ClientSession): Promise<void> {
    if (ops.length > 0) await this.collection.bulkWrite(ops, { ordered: false, session });
  }
}
