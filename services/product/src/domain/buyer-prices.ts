import type { CatalogContext } from './context.ts';
import type { PriceListEntryDoc, ProductDoc } from './model.ts';
import { type PriceSchedule, priceSchedule } from './pricing.ts';

/**
 * The price list a company buys at, read from this service's own projection of companies (so an
 * assignment shows on the company's very next request once its `company.updated` arrived).
 */
export async function priceListIdFor(ctx: CatalogContext, companyId: string | null): Promise<string | null> {
  if (!companyId) return null;
  return ctx.repos.companies.priceListIdOf(companyId);
}

/** Each product's schedule for this company, loading only the entries of these products. */
export async function schedulesFor(
  ctx: CatalogContext,
  companyId: string | null,
  products: Pick<ProductDoc, '_id' | 'skuKey' | 'listPrice' | 'priceTiers'>[],
): Promise<Map<string, PriceSchedule>> {
  const priceListId = await priceListIdFor(ctx, companyId);
  const entries = new Map<string, Pick<PriceListEntryDoc, 'price' | 'tiers'>>();
  if (priceListId && products.length > 0) {
    const found = await ctx.repos.priceLists.entriesFor(
      priceListId,
      products.map((p) => p.skuKey),
    );
    for (const entry of found) entries.set(entry.skuKey, entry);
  }
  return new Map(products.map((p) => [p._id, priceSchedule(p, entries.get(p.skuKey))]));
}
