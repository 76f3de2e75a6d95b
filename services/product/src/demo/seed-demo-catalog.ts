/**
 * Writes the demo catalog, idempotently: what exists (by id or sku) is left alone, what is
 * missing is created — with its product.created event through the outbox, so search and order
 * projections fill as for any other product.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogContext } from '../domain/context.ts';
import type { CategoryDoc, InventoryDoc } from '../domain/model.ts';
import { createPriceList } from '../domain/price-lists.ts';
import { newProduct, stageProductChange } from '../domain/products.ts';
import { ACME_PRICE_LIST_ID, type DemoCatalog } from './demo-catalog.ts';

const BATCH = 100;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export interface SeedSummary {
  categories: number;
  productsCreated: number;
  productsTotal: number;
  priceListCreated: boolean;
}

export async function seedDemoCatalog(
  ctx: CatalogContext,
  catalog: DemoCatalog,
  opts: { mediaDir: string; mediaBaseUrl: string },
): Promise<SeedSummary> {
  const now = ctx.now();
  await mkdir(opts.mediaDir, { recursive: true });
  for (const [file, png] of catalog.images) {
    const target = path.join(opts.mediaDir, file);
    if (!(await exists(target))) await writeFile(target, png);
  }

  // Parents come before children in the list, so each parent's path is known.
  const paths = new Map<string, string>();
  for (const c of catalog.categories) {
    const docPath = `${c.parentId ? paths.get(c.parentId)! : '/'}${c.id}/`;
    paths.set(c.id, docPath);
    const doc: CategoryDoc = {
      _id: c.id,
      name: c.name,
      slug: c.slug,
      parentId: c.parentId,
      path: docPath,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.repos.categories.collection.updateOne(
      { slug: c.slug },
      { $setOnInsert: doc },
      { upsert: true },
    );
  }

  const existing = new Set(
    (await ctx.repos.products.collection.find({}, { projection: { skuKey: 1 } }).toArray()).map(
      (p) => p.skuKey,
    ),
  );
  const missing = catalog.products.filter((p) => !existing.has(p.sku.toUpperCase()));
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    await ctx.transaction(async (tx) => {
      for (const demo of batch) {
        const { id, imageFile, onHand, lowStockThreshold, ...input } = demo;
        const url = `${opts.mediaBaseUrl}/${imageFile}`;
        const product = {
          ...newProduct(input, now),
          _id: id,
          images: [{ id: `img-${id}`, key: imageFile, url, thumbnailUrl: url, alt: input.name }],
        };
        await ctx.repos.products.insert(product, tx.session);
        const stock: InventoryDoc = {
          _id: product.skuKey,
          sku: product.sku,
          onHand,
          reserved: 0,
          lowStockThreshold,
          updatedAt: now,
        };
        await ctx.repos.inventory.collection.updateOne(
          { _id: stock._id },
          { $setOnInsert: stock },
          { upsert: true, session: tx.session },
        );
        stageProductChange(tx, null, product);
      }
    });
  }

  let priceListCreated = false;
  if (!(await ctx.repos.priceLists.findById(ACME_PRICE_LIST_ID))) {
    await createPriceList(ctx, catalog.acmePriceList, ACME_PRICE_LIST_ID);
    priceListCreated = true;
  }
  return {
    categories: catalog.categories.length,
    productsCreated: missing.length,
    productsTotal: await ctx.repos.products.collection.countDocuments({}),
    priceListCreated,
  };
}
