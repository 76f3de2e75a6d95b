/**
 * Filters and disjunctive facets over the products that matched the text. Each facet is counted on
 * the products that pass every OTHER filter, so picking brand A still shows how many products
 * brand B would add, while the category, price and availability counts shrink to brand A.
 * One pass: a product failing no filter is a result and counts everywhere; a product failing
 * exactly one filter counts only in that filter's facet; failing two, nowhere.
 */
import type { Availability, Facets, SearchQuery } from './port.ts';
import { formatPriceUnits, PRICE_BUCKET_BOUNDS } from './price-units.ts';
import { fold } from './text.ts';

/**
 * What the facet pass needs to know of a product, precomputed when it is indexed (and the
 * category path again when the tree changes): the pass runs over tens of thousands of matches
 * per query, so it only compares and counts, it derives nothing.
 */
export interface FacetEntry {
  id: string;
  brand: string;
  brandKey: string;
  /** The product's categories and all their ancestors, without repeats (see categoryPathOf). */
  categoryPath: readonly string[];
  priceUnits: bigint;
  /** priceBucketIndex(priceUnits). */
  priceBucket: number;
  availability: Availability;
}

export interface FacetContext {
  categoryLabel(categoryId: string): string;
}

/** A product's categories with their ancestors (a product in "M8 bolts" is also in "Bolts"). */
export function categoryPathOf(
  categoryIds: readonly string[],
  path: (categoryId: string) => readonly string[],
): readonly string[] {
  if (categoryIds.length === 1) return path(categoryIds[0]!);
  const all = new Set<string>();
  for (const id of categoryIds) for (const c of path(id)) all.add(c);
  return [...all];
}

const AVAILABILITIES: readonly Availability[] = ['in_stock', 'low_stock', 'out_of_stock'];

type Dimension = 'category' | 'brand' | 'price' | 'availability';

export function brandKey(brand: string): string {
  return fold(brand).trim();
}

/**
 * Splits `candidates` into the filtered results (their indices in `candidates`, in order) and
 * the facet counts. Indices rather than items: the caller keeps scores in a parallel array.
 * Facets list non-empty values, most frequent first (ties by value), so the output is stable.
 */
export function filterAndFacet(
  candidates: readonly FacetEntry[],
  query: Pick<SearchQuery, 'categories' | 'brands' | 'minPrice' | 'maxPrice' | 'availability'>,
  ctx: FacetContext,
): { results: number[]; facets: Facets } {
  const wantedCategories = new Set(query.categories);
  const wantedBrands = new Set(query.brands.map(brandKey));
  const wantedAvailability = query.availability === undefined ? undefined : new Set(query.availability);

  const categoryCounts = new Map<string, number>();
  const brandCounts = new Map<string, { value: string; count: number }>();
  const priceCounts = new Array<number>(PRICE_BUCKET_BOUNDS.length).fill(0);
  const availabilityCounts = new Map<Availability, number>();
  const results: number[] = [];

  for (let i = 0; i < candidates.length; i++) {
    const entry = candidates[i]!;
    const path = entry.categoryPath;
    // Which filters this product fails: none (a result), one (counts in that facet only), or more.
    let failed: Dimension | undefined;
    let failures = 0;
    if (wantedCategories.size > 0 && !intersects(path, wantedCategories)) {
      failures++;
      failed = 'category';
    }
    if (wantedBrands.size > 0 && !wantedBrands.has(entry.brandKey)) {
      failures++;
      failed = 'brand';
    }
    if (
      (query.minPrice !== undefined && entry.priceUnits < query.minPrice) ||
      (query.maxPrice !== undefined && entry.priceUnits > query.maxPrice)
    ) {
      failures++;
      failed = 'price';
    }
    if (wantedAvailability && !wantedAvailability.has(entry.availability)) {
      failures++;
      failed = 'availability';
    }
    if (failures > 1) continue;
    if (failures === 0) results.push(i);

    if (failures === 0 || failed === 'category') {
      for (const c of path) categoryCounts.set(c, (categoryCounts.get(c) ?? 0) + 1);
    }
    if ((failures === 0 || failed === 'brand') && entry.brandKey) {
      const b = brandCounts.get(entry.brandKey);
      if (b) b.count++;
      else brandCounts.set(entry.brandKey, { value: entry.brand, count: 1 });
    }
    if (failures === 0 || failed === 'price') priceCounts[entry.priceBucket]!++;
    if (failures === 0 || failed === 'availability') {
      availabilityCounts.set(entry.availability, (availabilityCounts.get(entry.availability) ?? 0) + 1);
    }
  }

  return {
    results,
    facets: toFacets(categoryCounts, brandCounts.values(), priceCounts, availabilityCounts, ctx),
  };
}

/** Counts as the facet lists of an answer: non-empty values, most frequent first (ties by value). */
function toFacets(
  categoryCounts: ReadonlyMap<string, number>,
  brandCounts: Iterable<{ value: string; count: number }>,
  priceCounts: readonly number[],
  availabilityCounts: ReadonlyMap<Availability, number>,
  ctx: FacetContext,
): Facets {
  const nonEmpty = <T extends { count: number }>(items: T[]) => items.filter((i) => i.count > 0);
  return {
    category: byCount(
      nonEmpty(
        [...categoryCounts].map(([value, count]) => ({ value, label: ctx.categoryLabel(value), count })),
      ),
    ),
    brand: byCount(nonEmpty([...brandCounts].map(({ value, count }) => ({ value, count })))),
    price: priceCounts.flatMap((count, i) => {
      if (count === 0) return [];
      const to = PRICE_BUCKET_BOUNDS[i + 1];
      return [
        {
          from: formatPriceUnits(PRICE_BUCKET_BOUNDS[i]!),
          ...(to === undefined ? {} : { to: formatPriceUnits(to) }),
          count,
        },
      ];
    }),
    availability: AVAILABILITIES.flatMap((value) => {
      const count = availabilityCounts.get(value) ?? 0;
      return count > 0 ? [{ value, count }] : [];
    }),
  };
}

/**
 * The facets of the whole catalogue without filters (browsing), kept up to date per product
 * change instead of counted over every product per answer: what a first page of browsing shows,
 * and what each facet of a one-filter browse is (a facet ignores its own filter).
 */
export class CatalogueFacets {
  /** Products per category, counted on each product's path (a parent counts its children's). */
  readonly categories = new Map<string, number>();
  readonly #brands = new Map<string, { value: string; count: number }>();
  readonly #prices = new Array<number>(PRICE_BUCKET_BOUNDS.length).fill(0);
  readonly #availability = new Map<Availability, number>();

  /** Counts `entry` in (+1) or out (-1), with the facet fields it has now. */
  count(entry: FacetEntry, delta: 1 | -1): void {
    for (const c of entry.categoryPath) this.categories.set(c, (this.categories.get(c) ?? 0) + delta);
    if (entry.brandKey) {
      const brand = this.#brands.get(entry.brandKey);
      if (brand) brand.count += delta;
      else this.#brands.set(entry.brandKey, { value: entry.brand, count: delta });
      if (brand?.count === 0) this.#brands.delete(entry.brandKey);
    }
    this.#prices[entry.priceBucket]! += delta;
    this.#availability.set(entry.availability, (this.#availability.get(entry.availability) ?? 0) + delta);
  }

  facets(ctx: FacetContext): Facets {
    return toFacets(this.categories, this.#brands.values(), this.#prices, this.#availability, ctx);
  }
}

function intersects(path: readonly string[], wanted: ReadonlySet<string>): boolean {
  for (const c of path) if (wanted.has(c)) return true;
  return false;
}

function byCount<T extends { value: string; count: number }>(items: T[]): T[] {
  return items.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
