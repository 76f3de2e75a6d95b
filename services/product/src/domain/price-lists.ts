/** Company price lists: contract prices and tiers per sku, in one currency per list. */
import { randomUUID } from 'node:crypto';
import type { MoneyJson } from '@b2b/shared/money';
import type { CatalogContext } from './context.ts';
import { productErrors } from './errors.ts';
import type { PriceListDoc, PriceListEntryDoc } from './model.ts';
import { toStoredPrice } from './money.ts';
import { skuKeyOf, storedTiers } from './product-rules.ts';

export interface PriceListEntryInput {
  sku: string;
  price: MoneyJson;
  tiers?: { minQuantity: number; price: MoneyJson }[];
}

export interface PriceListInput {
  name: string;
  currency: string;
  entries: PriceListEntryInput[];
}

export interface PriceListWithEntries {
  list: PriceListDoc;
  entries: PriceListEntryDoc[];
}

/**
 * Entries in the list's currency, one per sku, positive prices; an entry for a product that exists
 * must also be in that product's currency (it could never be charged otherwise).
 */
async function storedEntries(
  ctx: CatalogContext,
  priceListId: string,
  currency: string,
  entries: PriceListEntryInput[],
): Promise<PriceListEntryDoc[]> {
  const seen = new Set<string>();
  const stored = entries.map((entry, i) => {
    const skuKey = skuKeyOf(entry.sku);
    if (seen.has(skuKey)) throw productErrors.duplicateEntry(entry.sku);
    seen.add(skuKey);
    if (entry.price.currency !== currency) {
      throw productErrors.currencyMismatch(`/entries/${i}/price/currency`, currency);
    }
    return {
      _id: `${priceListId}:${skuKey}`,
      priceListId,
      sku: entry.sku,
      skuKey,
      price: toStoredPrice(entry.price),
      tiers: storedTiers(entry.tiers ?? [], currency, `/entries/${i}/tiers`),
    };
  });
  const products = await ctx.repos.products.findBySkuKeys([...seen]);
  for (const product of products) {
    if (product.listPrice.currency !== currency) {
      const i = stored.findIndex((e) => e.skuKey === product.skuKey);
      throw productErrors.currencyMismatch(`/entries/${i}/price/currency`, product.listPrice.currency);
    }
  }
  return stored;
}

export async function createPriceList(
  ctx: CatalogContext,
  input: PriceListInput,
  id: string = randomUUID(),
): Promise<PriceListWithEntries> {
  const now = ctx.now();
  const list: PriceListDoc = {
    _id: id,
    name: input.name.trim(),
    currency: input.currency,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const entries = await storedEntries(ctx, id, input.currency, input.entries);
  await ctx.transaction(async (tx) => {
    await ctx.repos.priceLists.upsertList(list, tx.session);
    await ctx.repos.priceLists.replaceEntries(id, entries, tx.session);
  });
  return { list, entries };
}

export async function getPriceList(ctx: CatalogContext, id: string): Promise<PriceListWithEntries> {
  const list = await ctx.repos.priceLists.findById(id);
  if (!list) throw productErrors.priceListNotFound();
  return { list, entries: await ctx.repos.priceLists.entriesOf(id) };
}

/** Rename, or replace the entries (the whole list: what is not sent is no longer a contract price). */
export async function updatePriceList(
  ctx: CatalogContext,
  id: string,
  changes: Partial<PriceListInput>,
): Promise<PriceListWithEntries> {
  const before = await getPriceList(ctx, id);
  const currency = changes.currency ?? before.list.currency;
  if (changes.currency && changes.currency !== before.list.currency && !changes.entries) {
    // Entries in the old currency would no longer match the list.
    throw productErrors.currencyMismatch('/currency', before.list.currency);
  }
  const list: PriceListDoc = {
    ...before.list,
    name: changes.name?.trim() ?? before.list.name,
    currency,
    version: before.list.version + 1,
    updatedAt: ctx.now(),
  };
  const entries = changes.entries ? await storedEntries(ctx, id, currency, changes.entries) : before.entries;
  await ctx.transaction(async (tx) => {
    await ctx.repos.priceLists.upsertList(list, tx.session);
    if (changes.entries) await ctx.repos.priceLists.replaceEntries(id, entries, tx.session);
  });
  return { list, entries };
}

/** Refused while a company still buys at it, so no company silently falls back to list prices. */
export async function deletePriceList(ctx: CatalogContext, id: string): Promise<void> {
  await getPriceList(ctx, id);
  if (await ctx.repos.companies.usesPriceList(id)) throw productErrors.priceListInUse();
  await ctx.transaction(async (tx) => {
    await ctx.repos.priceLists.delete(id, tx.session);
  });
}
