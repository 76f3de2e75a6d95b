/** Product use cases: create, change, archive, read and list, with their events in the same transaction. */
import { randomUUID } from 'node:crypto';
import type { MoneyJson } from '@b2b/shared/money';
import type { ProductSort } from '../repositories/products.ts';
import { schedulesFor } from './buyer-prices.ts';
import { categoryAndDescendants } from './categories.ts';
import type { CatalogContext, Transaction } from './context.ts';
import { productErrors } from './errors.ts';
import type { CatalogProduct, InventoryDoc, ProductDoc, ProductStatus } from './model.ts';
import type { PriceSchedule } from './pricing.ts';
import { skuKeyOf, slugFor, storedListPrice, storedTiers } from './product-rules.ts';
import { productSnapshot } from './product-snapshot.ts';
import { searchKeysOf } from './search-keys.ts';
import { duplicateKeyField } from './unique-fields.ts';
import { type Viewer, visibleStatuses } from './viewer.ts';

export interface ProductInput {
  sku: string;
  name: string;
  listPrice: MoneyJson;
  slug?: string;
  description?: string;
  brand?: string;
  categoryIds?: string[];
  attributes?: Record<string, string>;
  priceTiers?: { minQuantity: number; price: MoneyJson }[];
  minOrderQuantity?: number;
  orderMultiple?: number;
  status?: 'draft' | 'active';
}

export type ProductPatch = Partial<Omit<ProductInput, 'status'>> & { status?: ProductStatus };

export async function assertCategoriesExist(ctx: CatalogContext, ids: string[], path: string): Promise<void> {
  if (ids.length === 0) return;
  if ((await ctx.repos.categories.countExisting(ids)) !== new Set(ids).size) {
    throw productErrors.unknownCategory(path);
  }
}

/** A new product document from a validated create body (prices checked here). */
export function newProduct(input: ProductInput, now: Date): ProductDoc {
  const listPrice = storedListPrice(input.listPrice);
  const product: Omit<ProductDoc, 'searchKeys'> = {
    _id: randomUUID(),
    sku: input.sku,
    skuKey: skuKeyOf(input.sku),
    slug: input.slug ?? slugFor(input.name, input.sku),
    name: input.name.trim(),
    description: input.description ?? '',
    brand: input.brand ?? '',
    categoryIds: input.categoryIds ?? [],
    attributes: input.attributes ?? {},
    images: [],
    listPrice,
    priceTiers: storedTiers(input.priceTiers ?? [], listPrice.currency, '/priceTiers'),
    minOrderQuantity: input.minOrderQuantity ?? 1,
    orderMultiple: input.orderMultiple ?? 1,
    status: input.status ?? 'draft',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return { ...product, searchKeys: searchKeysOf(product) };
}

/** `before` with a validated patch applied and its version bumped. */
export function patchedProduct(before: ProductDoc, patch: ProductPatch, now: Date): ProductDoc {
  const listPrice = patch.listPrice ? storedListPrice(patch.listPrice) : before.listPrice;
  const currency = listPrice.currency;
  let priceTiers = before.priceTiers;
  if (patch.priceTiers) priceTiers = storedTiers(patch.priceTiers, currency, '/priceTiers');
  else if (priceTiers.some((t) => t.price.currency !== currency)) {
    // A new currency for the list price needs tiers in it too.
    throw productErrors.currencyMismatch('/listPrice/currency', before.listPrice.currency);
  }
  const sku = patch.sku ?? before.sku;
  const after: ProductDoc = {
    ...before,
    sku,
    skuKey: skuKeyOf(sku),
    slug: patch.slug ?? before.slug,
    name: patch.name?.trim() ?? before.name,
    description: patch.description ?? before.description,
    brand: patch.brand ?? before.brand,
    categoryIds: patch.categoryIds ?? before.categoryIds,
    attributes: patch.attributes ?? before.attributes,
    listPrice,
    priceTiers,
    minOrderQuantity: patch.minOrderQuantity ?? before.minOrderQuantity,
    orderMultiple: patch.orderMultiple ?? before.orderMultiple,
    status: patch.status ?? before.status,
    version: before.version + 1,
    updatedAt: now,
  };
  return { ...after, searchKeys: searchKeysOf(after) };
}

function translateDuplicate(err: unknown, product: ProductDoc): never {
  const field = duplicateKeyField(err);
  if (field === 'skuKey') throw productErrors.skuTaken(product.sku);
  if (field === 'slug') throw productErrors.slugTaken(product.slug);
  throw err;
}

/** The event a change causes: archiving is its own event, anything else an update. */
export function stageProductChange(tx: Transaction, before: ProductDoc | null, after: ProductDoc): void {
  const snapshot = productSnapshot(after);
  if (!before) tx.stage('product.created', snapshot);
  else if (after.status === 'archived' && before.status !== 'archived')
    tx.stage('product.archived', snapshot);
  else tx.stage('product.updated', snapshot);
}

export async function createProduct(ctx: CatalogContext, input: ProductInput): Promise<ProductDoc> {
  await assertCategoriesExist(ctx, input.categoryIds ?? [], '/categoryIds');
  const now = ctx.now();
  const product = newProduct(input, now);
  try {
    await ctx.transaction(async (tx) => {
      await ctx.repos.products.insert(product, tx.session);
      await ctx.repos.inventory.createIfMissing(product.skuKey, product.sku, now, tx.session);
      stageProductChange(tx, null, product);
    });
  } catch (err) {
    translateDuplicate(err, product);
  }
  ctx.log.info({ productId: product._id, sku: product.sku }, 'product created');
  return product;
}

export async function getProductForAdmin(ctx: CatalogContext, id: string): Promise<ProductDoc> {
  const product = await ctx.repos.products.findById(id);
  if (!product) throw productErrors.productNotFound();
  return product;
}

/** Writes `after` if the product is still as read, with its event; the sku's stock moves with a new sku. */
export async function saveProductChange(
  ctx: CatalogContext,
  before: ProductDoc,
  after: ProductDoc,
): Promise<void> {
  try {
    await ctx.transaction(async (tx) => {
      if (!(await ctx.repos.products.replaceIfVersion(after, before.version, tx.session))) {
        throw productErrors.concurrentChange();
      }
      if (after.skuKey !== before.skuKey) await moveStock(ctx, before, after, tx);
      stageProductChange(tx, before, after);
    });
  } catch (err) {
    translateDuplicate(err, after);
  }
}

async function moveStock(ctx: CatalogContext, before: ProductDoc, after: ProductDoc, tx: Transaction) {
  const stock = await ctx.repos.inventory.findBySkuKey(before.skuKey, tx.session);
  if (stock && stock.reserved > 0) throw productErrors.skuInUse();
  const moved: InventoryDoc = {
    _id: after.skuKey,
    sku: after.sku,
    onHand: stock?.onHand ?? 0,
    reserved: 0,
    lowStockThreshold: stock?.lowStockThreshold ?? 0,
    updatedAt: after.updatedAt,
  };
  await ctx.repos.inventory.collection.deleteOne({ _id: before.skuKey }, { session: tx.session });
  await ctx.repos.inventory.collection.insertOne(moved, { session: tx.session });
}

export async function updateProduct(
  ctx: CatalogContext,
  id: string,
  patch: ProductPatch,
): Promise<ProductDoc> {
  const before = await getProductForAdmin(ctx, id);
  if (patch.categoryIds) await assertCategoriesExist(ctx, patch.categoryIds, '/categoryIds');
  const after = patchedProduct(before, patch, ctx.now());
  await saveProductChange(ctx, before, after);
  ctx.log.info({ productId: id, version: after.version }, 'product updated');
  return after;
}

/** DELETE archives: the product stays for order history and admins, invisible to buyers. */
export async function archiveProduct(ctx: CatalogContext, id: string): Promise<void> {
  const before = await getProductForAdmin(ctx, id);
  if (before.status === 'archived') return;
  await saveProductChange(ctx, before, patchedProduct(before, { status: 'archived' }, ctx.now()));
  ctx.log.info({ productId: id }, 'product archived');
}

/** A product with what the viewer pays for it and how much can be ordered. */
export interface PricedProduct {
  product: CatalogProduct;
  schedule: PriceSchedule;
  stock: InventoryDoc | undefined;
}

export async function priced(
  ctx: CatalogContext,
  viewer: Viewer,
  products: CatalogProduct[],
): Promise<PricedProduct[]> {
  const [schedules, stock] = await Promise.all([
    schedulesFor(ctx, viewer.companyId, products),
    ctx.repos.inventory.findBySkuKeys(products.map((p) => p.skuKey)),
  ]);
  const stockBySku = new Map(stock.map((s) => [s._id, s]));
  return products.map((product) => ({
    product,
    schedule: schedules.get(product._id)!,
    stock: stockBySku.get(product.skuKey),
  }));
}

/** One product by id or sku; hidden statuses are a 404 for buyers and anonymous callers. */
export async function getProduct(
  ctx: CatalogContext,
  viewer: Viewer,
  idOrSku: string,
): Promise<PricedProduct> {
  const product = await ctx.repos.products.findByIdOrSku(idOrSku);
  const statuses = visibleStatuses(viewer);
  if (!product || (statuses && !statuses.includes(product.status))) throw productErrors.productNotFound();
  const [one] = await priced(ctx, viewer, [product]);
  return one!;
}

export interface ProductListInput {
  q?: string;
  category?: string;
  sort?: ProductSort;
  ids?: string;
  page: number;
  limit: number;
  cursor?: string;
}

export async function listProducts(
  ctx: CatalogContext,
  viewer: Viewer,
  input: ProductListInput,
): Promise<{
  items: PricedProduct[];
  total: number;
  page: number;
  limit: number;
  nextCursor?: string | null;
}> {
  const statuses = visibleStatuses(viewer);
  if (input.ids !== undefined) {
    const values = [...new Set(input.ids.split(','))];
    if (values.length > MAX_BATCH) throw productErrors.tooManyIds(MAX_BATCH);
    const found = await ctx.repos.products.findManyByIdOrSku(values, statuses);
    // In the order asked for, each product once.
    const rank = new Map(values.map((v, i) => [v.toUpperCase(), i]));
    const order = (p: CatalogProduct) =>
      Math.min(rank.get(p._id.toUpperCase()) ?? Infinity, rank.get(p.skuKey) ?? Infinity);
    found.sort((a, b) => order(a) - order(b));
    return { items: await priced(ctx, viewer, found), total: found.length, page: 1, limit: MAX_BATCH };
  }
  let categoryIds: string[] | undefined;
  if (input.category !== undefined) {
    categoryIds = await categoryAndDescendants(ctx, input.category);
    if (categoryIds.length === 0)
      return { items: [], total: 0, page: input.page, limit: input.limit, nextCursor: null };
  }
  const found = await ctx.repos.products.search(
    { q: input.q, categoryIds, statuses, sort: input.sort },
    { limit: input.limit, page: input.cursor === undefined ? input.page : 1, cursor: input.cursor },
  );
  return {
    items: await priced(ctx, viewer, found.items),
    total: found.total,
    page: input.cursor === undefined ? input.page : 1,
    limit: input.limit,
    ...(found.nextCursor === undefined ? {} : { nextCursor: found.nextCursor }),
  };
}

export const MAX_BATCH = 100;
