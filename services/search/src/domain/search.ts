/**
 * The search use cases: a buyer's query → engine query → page of products with the buyer's prices.
 * Filters, sorts and facets work on list prices (every task holds them); the company price is
 * quoted for the page shown only, through the product service's breaker, and a failed quote
 * degrades to list prices flagged as such, never to an error.
 */
import { ShortLivedCache } from '@b2b/shared/cache';
import type { MoneyJson } from '@b2b/shared/catalogue';
import { errorMessage } from '@b2b/shared/errors';
import type {
  Availability,
  SearchEngine,
  SearchHit,
  SearchResult,
  SearchSort,
  Suggestion,
} from '../engine/port.ts';
import { toPriceUnits } from '../engine/price-units.ts';
import { searchErrors } from './errors.ts';

/** Unit prices for a company (the product service's price resolution), keyed by sku. */
export interface PriceQuoter {
  quote(companyId: string, items: { sku: string; quantity: number }[]): Promise<Map<string, MoneyJson>>;
}

/**
 * The company's quote for a page of results, reused for `ttlMs` (a buyer paging back, a colleague
 * of the same company searching the same words): the page pays the product service's round trip
 * at most once per company, skus and quantities in that time. A price-list change therefore shows
 * in search within `ttlMs` more than on the product page. A failed quote is not kept (the next
 * page asks again), and one company's prices are never another's: the company is the key's start.
 */
export function reusedQuotes(quoter: PriceQuoter, ttlMs: number, maxEntries = 2_000): PriceQuoter {
  if (ttlMs <= 0) return quoter;
  const cache = new ShortLivedCache<Map<string, MoneyJson>>(ttlMs, maxEntries);
  return {
    quote: (companyId, items) =>
      cache.get(`${companyId}\n${items.map((i) => `${i.sku}\t${i.quantity}`).join('\n')}`, () =>
        quoter.quote(companyId, items),
      ),
  };
}

export interface SearchLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface SearchContext {
  engine: SearchEngine;
  prices: PriceQuoter;
  log: SearchLog;
}

export interface SearchInput {
  q?: string;
  category?: string[];
  brand?: string[];
  minPrice?: string;
  maxPrice?: string;
  inStock?: boolean;
  availability?: Availability[];
  page: number;
  limit: number;
  sort: SearchSort;
}

export interface PricedHit extends SearchHit {
  price: MoneyJson;
  priceSource: 'company' | 'list';
}

export interface SearchPage {
  hits: PricedHit[];
  total: number;
  facets: Awaited<ReturnType<SearchEngine['search']>>['facets'];
  pricesStale: boolean;
  /**
   * The engine's answer the page shows when every item carries its list price (anonymous caller,
   * or quotes unavailable): the same for every such caller, so its body can be reused.
   */
  listPricedAnswer?: SearchResult;
}

const ORDERABLE: Availability[] = ['in_stock', 'low_stock'];

export async function searchProducts(
  ctx: SearchContext,
  input: SearchInput,
  caller: { companyId?: string | undefined },
): Promise<SearchPage> {
  const minPrice = input.minPrice === undefined ? undefined : toPriceUnits(input.minPrice);
  const maxPrice = input.maxPrice === undefined ? undefined : toPriceUnits(input.maxPrice);
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    throw searchErrors.priceRangeInverted();
  }
  const result = await ctx.engine.search({
    q: input.q?.trim() ?? '',
    categories: input.category ?? [],
    brands: input.brand ?? [],
    minPrice,
    maxPrice,
    availability: availabilityFilter(input),
    sort: input.sort,
    offset: (input.page - 1) * input.limit,
    limit: input.limit,
  });
  const { hits, pricesStale } = await withPrices(ctx, result.hits, caller.companyId);
  const listPriced = hits.every((h) => h.priceSource === 'list');
  return {
    hits,
    total: result.total,
    facets: result.facets,
    pricesStale,
    ...(listPriced ? { listPricedAnswer: result } : {}),
  };
}

export function suggest(ctx: SearchContext, q: string, limit: number): Promise<Suggestion[]> {
  return ctx.engine.suggest(q, limit);
}

/** `inStock=true` and an explicit availability list combine as "both must hold". */
function availabilityFilter(input: SearchInput): Availability[] | undefined {
  const explicit = input.availability;
  if (!input.inStock) return explicit;
  // `inStock` with `availability=out_of_stock` leaves an empty list: nothing matches, not everything.
  return explicit === undefined ? ORDERABLE : explicit.filter((a) => ORDERABLE.includes(a));
}

async function withPrices(
  ctx: SearchContext,
  hits: SearchHit[],
  companyId: string | undefined,
): Promise<{ hits: PricedHit[]; pricesStale: boolean }> {
  const listed = (hit: SearchHit): PricedHit => ({ ...hit, price: hit.doc.listPrice, priceSource: 'list' });
  if (companyId === undefined || hits.length === 0) return { hits: hits.map(listed), pricesStale: false };
  try {
    // The price at the smallest quantity the buyer can order: what a product card shows.
    const quoted = await ctx.prices.quote(
      companyId,
      hits.map((h) => ({ sku: h.doc.sku, quantity: h.doc.minOrderQuantity })),
    );
    return {
      hits: hits.map((hit) => {
        const price = quoted.get(hit.doc.sku);
        return price ? { ...hit, price, priceSource: 'company' } : listed(hit);
      }),
      pricesStale: false,
    };
  } catch (err) {
    ctx.log.warn(
      { err: errorMessage(err), companyId, skus: hits.length },
      'company prices unavailable; showing list prices',
    );
    return { hits: hits.map(listed), pricesStale: true };
  }
}
