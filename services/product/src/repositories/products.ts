import { defineSorts, findAfter } from '@b2b/shared/db';
import type { AnyBulkWriteOperation, ClientSession, Collection, Db, Filter, Sort } from 'mongodb';
import type { CatalogProduct, ProductDoc, ProductStatus } from '../domain/model.ts';
import { normalizedSearchText, searchFilter, searchKeysOf } from '../domain/search-keys.ts';
import { CountCache } from './count-cache.ts';

/**
 * The list orders of `GET /products?sort=`, each read in index order by the `status_*` indexes
 * below for the buyers' `status: active` filter (`_id` breaks ties; the server sorts each run of
 * equal values by it, so the index needs no `_id` field).
 */
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

/**
 * What the catalog's answers read of a product: everything but the search keys (a dozen strings
 * per product that only the index needs) and the image store keys (never shown). Fewer bytes to
 * encode, send and decode per product.
 */
const CATALOG_FIELDS = { searchKeys: 0, 'images.key': 0 } as const;

/** The multikey index of `searchKeys` (domain/search-keys.ts) that `?q=` walks. */
const SEARCH_KEYS_INDEX = 'search_keys';

export interface ProductSearch {
  q?: string;
  /** Products in any of these categories. */
  categoryIds?: string[];
  statuses?: ProductStatus[];
  sort?: ProductSort;
}

/** Either a keyset page (`cursor`, or the first page) or a numbered one (`page` > 1, skips). */
export interface ProductPageRequest {
  limit: number;
  page: number;
  cursor?: string;
}

export interface ProductPage {
  items: CatalogProduct[];
  total: number;
  /** Absent on numbered pages after the first; null on the last page. */
  nextCursor?: string | null;
}

export class ProductRepository {
  readonly collection: Collection<ProductDoc>;
  /** The same collection, read with CATALOG_FIELDS. */
  private readonly catalog: Collection<CatalogProduct>;
  /** Totals of lists; cleared before and after every write below (a count in flight may miss one). */
  private readonly totals: CountCache;

  constructor(db: Db, options: { totalsTtlMs?: number } = {}) {
    this.collection = db.collection<ProductDoc>('products');
    this.catalog = db.collection<CatalogProduct>('products');
    this.totals = new CountCache(options.totalsTtlMs);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ skuKey: 1 }, { unique: true, name: 'sku_unique' });
    await this.collection.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await this.collection.createIndex({ categoryIds: 1, status: 1 }, { name: 'category_status' });
    await this.collection.createIndex({ status: 1, name: 1 }, { name: 'status_name' });
    await this.collection.createIndex({ status: 1, 'listPrice.amount': 1 }, { name: 'status_price' });
    await this.collection.createIndex({ status: 1, createdAt: -1 }, { name: 'status_newest' });
    await this.collection.createIndex({ searchKeys: 1 }, { name: SEARCH_KEYS_INDEX });
    await this.backfillSearchKeys();
  }

  /** Products written before `searchKeys` existed get them once (start-up; none after that). */
  private async backfillSearchKeys(): Promise<void> {
    const missing = this.collection.find(
      { searchKeys: { $exists: false } },
      { projection: { name: 1, sku: 1, brand: 1 } },
    );
    let ops: AnyBulkWriteOperation<ProductDoc>[] = [];
    for await (const p of missing) {
      ops.push({ updateOne: { filter: { _id: p._id }, update: { $set: { searchKeys: searchKeysOf(p) } } } });
      if (ops.length === 1000) {
        await this.bulkWrite(ops);
        ops = [];
      }
    }
    await this.bulkWrite(ops);
  }

  async insert(product: ProductDoc, session?: ClientSession): Promise<void> {
    this.totals.clear();
    await this.collection.insertOne(product, { session });
    this.totals.clear();
  }

  findById(id: string, session?: ClientSession): Promise<ProductDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  /**
   * By id or by sku (case-insensitive), as the catalog shows it (CATALOG_FIELDS). Two index
   * lookups (sku first: what links use), cheaper than one `$or` the planner may scan for.
   */
  async findByIdOrSku(idOrSku: string): Promise<CatalogProduct | null> {
    const options = { projection: CATALOG_FIELDS };
    return (
      (await this.catalog.findOne({ skuKey: idOrSku.toUpperCase() }, options)) ??
      this.catalog.findOne({ _id: idOrSku }, options)
    );
  }

  findBySkuKeys(skuKeys: string[], session?: ClientSession): Promise<ProductDoc[]> {
    return this.collection.find({ skuKey: { $in: skuKeys } }, { session }).toArray();
  }

  /** Batch read for carts and lists: each value is an id or a sku. */
  findManyByIdOrSku(values: string[], statuses?: ProductStatus[]): Promise<CatalogProduct[]> {
    const filter: Filter<CatalogProduct> = {
      $or: [{ _id: { $in: values } }, { skuKey: { $in: values.map((v) => v.toUpperCase()) } }],
    };
    if (statuses) filter.status = { $in: statuses };
    return this.catalog.find(filter, { projection: CATALOG_FIELDS }).toArray();
  }

  /**
   * One page of a list in a sort order the indexes serve: keyset pages walk the index from the
   * cursor (cost independent of the depth), numbered pages skip (kept for `?page=`); the total is
   * cached per filter (CountCache), not counted per request.
   */
  async search(query: ProductSearch, request: ProductPageRequest): Promise<ProductPage> {
    const filter: Filter<CatalogProduct> & Filter<ProductDoc> = {};
    if (query.statuses) filter.status = { $in: query.statuses };
    if (query.categoryIds) filter.categoryIds = { $in: query.categoryIds };
    const text = query.q === undefined ? undefined : searchFilter(query.q);
    if (text) Object.assign(filter, text);
    // DocumentDB's first query planner uses an index for a `^prefix` regex only when told to.
    const hint = text ? SEARCH_KEYS_INDEX : undefined;
    const total = this.totals.get(
      JSON.stringify([query.statuses, query.categoryIds, text && normalizedSearchText(query.q ?? '')]),
      () => this.collection.countDocuments(filter, { hint }),
    );
    if (request.cursor !== undefined || request.page === 1) {
      const [page, n] = await Promise.all([
        findAfter(
          this.catalog,
          filter,
          { limit: request.limit, cursor: request.cursor, sort: query.sort },
          productSorts,
          { projection: CATALOG_FIELDS, hint },
        ),
        total,
      ]);
      return { items: page.items, nextCursor: page.nextCursor, total: n };
    }
    const [items, n] = await Promise.all([
      this.catalog
        .find(filter, { projection: CATALOG_FIELDS, hint })
        .sort(productSorts.spec(query.sort) as Sort)
        .skip((request.page - 1) * request.limit)
        .limit(request.limit)
        .toArray(),
      total,
    ]);
    return { items, total: n };
  }

  /** Replaces the product if it is still at `expectedVersion` (optimistic concurrency). */
  async replaceIfVersion(
    product: ProductDoc,
    expectedVersion: number,
    session?: ClientSession,
  ): Promise<boolean> {
    this.totals.clear();
    const result = await this.collection.replaceOne({ _id: product._id, version: expectedVersion }, product, {
      session,
    });
    this.totals.clear();
    return result.matchedCount === 1;
  }

  countInCategory(categoryId: string): Promise<number> {
    return this.collection.countDocuments({ categoryIds: categoryId }, { limit: 1 });
  }

  async bulkWrite(ops: AnyBulkWriteOperation<ProductDoc>[], session?: ClientSession): Promise<void> {
    if (ops.length === 0) return;
    this.totals.clear();
    await this.collection.bulkWrite(ops, { ordered: false, session });
    this.totals.clear();
  }
}
