/**
 * POST /admin/products/import: rows stream in (JSON array or CSV), are checked one by one, and are
 * written in batches — each batch one transaction with its product.created / product.updated
 * events. An existing sku is updated (fields given replace the stored ones, its version grows).
 * A bad row gets an error and never stops the good ones: rows are checked before their batch is
 * written, and if a batch still fails (a slug collision) its rows are retried one by one.
 */

import { isDuplicateKey } from '@b2b/shared/db';
import { type AppError, errors } from '@b2b/shared/errors';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { CatalogContext } from '../domain/context.ts';
import type { InventoryDoc, ProductDoc } from '../domain/model.ts';
import { skuKeyOf } from '../domain/product-rules.ts';
import { newProduct, type ProductPatch, patchedProduct, stageProductChange } from '../domain/products.ts';
import type { ImportItem, RowResult } from './rows.ts';

export const IMPORT_BATCH_SIZE = 1000;

export interface ImportError {
  row: number;
  sku?: string;
  message: string;
}

export interface ImportReport {
  created: number;
  updated: number;
  errors: ImportError[];
}

/** The next change a row makes, ready to write. */
interface Planned {
  item: ImportItem;
  before: ProductDoc | null;
  after: ProductDoc;
  stock: InventoryDoc | null;
}

function messageOf(err: unknown): string {
  const appError = err as Partial<AppError>;
  if (typeof appError.status === 'number' && appError.status < 500) {
    const field = appError.errors?.[0];
    return field ? `${field.path}: ${field.message}` : (appError.detail ?? 'is invalid');
  }
  throw err;
}

export async function importProducts(
  ctx: CatalogContext,
  rows: AsyncIterable<RowResult>,
): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, errors: [] };
  const categoryIds = new Map<string, string>();
  for (const c of await ctx.repos.categories.all()) {
    categoryIds.set(c.slug, c._id);
    categoryIds.set(c._id, c._id);
  }
  let batch: ImportItem[] = [];
  for await (const result of rows) {
    if (!result.ok) {
      report.errors.push({
        row: result.row,
        ...(result.sku ? { sku: result.sku } : {}),
        message: result.message,
      });
      continue;
    }
    batch.push(result.item);
    if (batch.length >= IMPORT_BATCH_SIZE) {
      await writeBatch(ctx, batch, categoryIds, report);
      batch = [];
    }
  }
  if (batch.length > 0) await writeBatch(ctx, batch, categoryIds, report);
  report.errors.sort((a, b) => a.row - b.row);
  return report;
}

async function writeBatch(
  ctx: CatalogContext,
  items: ImportItem[],
  categoryIds: Map<string, string>,
  report: ImportReport,
): Promise<void> {
  const now = ctx.now();
  // A sku twice in the file: the later row wins, the earlier is reported.
  const bySku = new Map<string, ImportItem>();
  for (const item of items) {
    const key = skuKeyOf(item.input.sku);
    const earlier = bySku.get(key);
    if (earlier) {
      report.errors.push({
        row: earlier.row,
        sku: earlier.input.sku,
        message: `sku repeated on row ${item.row}; that row was used`,
      });
    }
    bySku.set(key, item);
  }
  const keys = [...bySku.keys()];
  const [existing, stock] = await Promise.all([
    ctx.repos.products.findBySkuKeys(keys),
    ctx.repos.inventory.findBySkuKeys(keys),
  ]);
  const productBySku = new Map(existing.map((p) => [p.skuKey, p]));
  const stockBySku = new Map(stock.map((s) => [s._id, s]));

  const planned: Planned[] = [];
  for (const [key, item] of bySku) {
    try {
      const before = productBySku.get(key) ?? null;
      const input = resolveCategories(item, categoryIds);
      if (before && !item.currencyGiven && input.listPrice) {
        input.listPrice = { ...input.listPrice, currency: before.listPrice.currency };
      }
      const current = stockBySku.get(key) ?? null;
      if (item.onHand !== undefined && current && item.onHand < current.reserved) {
        throw errors.conflict(`onHand ${item.onHand} is below the ${current.reserved} units reserved`);
      }
      const after = before ? patchedProduct(before, toPatch(input), now) : newProduct(input, now);
      planned.push({ item, before, after, stock: current });
    } catch (err) {
      report.errors.push({ row: item.row, sku: item.input.sku, message: messageOf(err) });
    }
  }
  try {
    await writePlanned(ctx, planned, now);
    count(planned, report);
  } catch (err) {
    if (planned.length === 1) {
      report.errors.push({
        row: planned[0]!.item.row,
        sku: planned[0]!.item.input.sku,
        message: duplicateMessage(err),
      });
      return;
    }
    // Something only the database could see (a slug another product has): isolate the row.
    for (const one of planned) {
      try {
        await writePlanned(ctx, [one], now);
        count([one], report);
      } catch (rowErr) {
        report.errors.push({ row: one.item.row, sku: one.item.input.sku, message: duplicateMessage(rowErr) });
      }
    }
  }
}

function duplicateMessage(err: unknown): string {
  if (isDuplicateKey(err)) return 'slug or sku already used by another product';
  throw err;
}

function count(planned: Planned[], report: ImportReport): void {
  for (const p of planned) {
    if (p.before) report.updated++;
    else report.created++;
  }
}

function resolveCategories(item: ImportItem, categoryIds: Map<string, string>): ImportItem['input'] {
  const input = { ...item.input };
  const wanted = item.categorySlug ? [item.categorySlug] : input.categoryIds;
  if (wanted) {
    const ids = wanted.map((c) => categoryIds.get(c));
    if (ids.some((id) => id === undefined)) {
      throw errors.badRequest(`unknown category ${wanted.find((c) => !categoryIds.has(c))}`);
    }
    input.categoryIds = ids as string[];
  }
  return input;
}

/** An existing product is patched with what the row says; the sku stays as stored. */
function toPatch(input: ImportItem['input']): ProductPatch {
  const { sku: _sku, ...rest } = input;
  return rest;
}

async function writePlanned(ctx: CatalogContext, planned: Planned[], now: Date): Promise<void> {
  if (planned.length === 0) return;
  await ctx.transaction(async (tx) => {
    await ctx.repos.products.bulkWrite(
      planned.map(({ before, after }) =>
        before
          ? { replaceOne: { filter: { _id: after._id, version: before.version }, replacement: after } }
          : { insertOne: { document: after } },
      ),
      tx.session,
    );
    await ctx.repos.inventory.bulkWrite(
      planned.flatMap(({ item, after, stock }): AnyBulkWriteOperation<InventoryDoc>[] => {
        if (item.onHand === undefined) {
          if (stock) return [];
          const fresh: InventoryDoc = {
            _id: after.skuKey,
            sku: after.sku,
            onHand: 0,
            reserved: 0,
            lowStockThreshold: 0,
            updatedAt: now,
          };
          return [{ insertOne: { document: fresh } }];
        }
        return [
          {
            updateOne: {
              filter: { _id: after.skuKey },
              update: {
                $set: { onHand: item.onHand, updatedAt: now },
                $setOnInsert: { sku: after.sku, reserved: 0, lowStockThreshold: 0 },
              },
              upsert: true,
            },
          },
        ];
      }),
      tx.session,
    );
    for (const { before, after } of planned) stageProductChange(tx, before, after);
  });
}
