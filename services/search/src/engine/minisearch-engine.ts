/**
 * The in-memory engine: MiniSearch (BM25 with prefix and fuzzy matching on a radix tree) for the
 * text, plain maps for exact codes, and one pass over the matches for filters and facets.
 * Every task of the service holds one, filled from the index feed (see ../index-feed).
 * Why MiniSearch rather than Orama: see the README (measured on the 50k-product bench).
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { CategoryTree } from './categories.ts';
import { brandKey, type FacetEntry, filterAndFacet } from './facets.ts';
import type {
  Availability,
  CategoryLabel,
  SearchDocument,
  SearchEngine,
  SearchQuery,
  SearchResult,
  Suggestion,
} from './port.ts';
import { toPriceUnits } from './price-units.ts';
import { codeKey, fold, fuzzyEdits, indexTerms, prefixAllowed, queryTerm, tokenize } from './text.ts';

/** The text fields of a product as MiniSearch indexes them (kept to remove them exactly later). */
interface IndexedText {
  id: string;
  name: string;
  brand: string;
  categories: string;
  attributes: string;
  description: string;
  codes: string;
}

/** Field boosts: a match in the name outranks one in the brand, which outranks the description. */
export const FIELD_BOOSTS = {
  name: 4,
  codes: 3,
  brand: 2,
  categories: 1.5,
  attributes: 1.2,
  description: 1,
} as const satisfies Record<Exclude<keyof IndexedText, 'id'>, number>;

/** Attribute names that hold a part number, EAN or similar code (exact-match like the sku). */
const CODE_ATTRIBUTE =
  /(part|article|item|model|mfr|manufacturer|order)[\s_-]*(no|nr|num|number|code)|^(mpn|ean|gtin|upc)$/i;

interface Entry extends FacetEntry {
  doc: SearchDocument;
  text: IndexedText;
  codeKeys: string[];
  createdAtMs: number;
}

interface SuggestEntry {
  id: string;
  kind: Suggestion['kind'];
  text: string;
  productId?: string;
  sku?: string;
}

/**
 * Text matches remembered per query: scoring every posting of every matched term is most of a
 * search's cost on a large catalogue (measured: 60 ms for a common word over 50,000 products),
 * and buyers repeat the same few hundred queries all day. Only the text match is kept (product
 * ids and scores): filters, facets, availability and the page are computed on every request from
 * the current products, and any change to the text index empties the cache.
 */
const MATCH_CACHE_ENTRIES = 1_000;

interface TextMatch {
  readonly ids: readonly string[];
  readonly scores: readonly number[];
  readonly exact: ReadonlySet<string>;
}

/** Suggestion kinds ranked on equal text scores: a brand or category opens more than one product. */
const SUGGEST_KIND_BOOST: Record<Suggestion['kind'], number> = { brand: 1.3, category: 1.2, product: 1 };

const textFields = Object.keys(FIELD_BOOSTS) as (keyof typeof FIELD_BOOSTS)[];

function newTextIndex() {
  return new MiniSearch<IndexedText>({
    idField: 'id',
    fields: textFields,
    tokenize: (text) => tokenize(text),
    processTerm: (term) => indexTerms(term),
    searchOptions: { processTerm: queryTerm },
  });
}

function newSuggestIndex() {
  return new MiniSearch<SuggestEntry>({
    idField: 'id',
    fields: ['text'],
    storeFields: ['kind', 'text', 'productId', 'sku'],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => term,
  });
}

export class MiniSearchEngine implements SearchEngine {
  #text = newTextIndex();
  #suggest = newSuggestIndex();
  #tree = new CategoryTree();
  readonly #entries = new Map<string, Entry>();
  /** Suggestion entries as added, so they are removed exactly (a lazy discard would skew scores). */
  readonly #suggestions = new Map<string, SuggestEntry>();
  readonly #byCode = new Map<string, Set<string>>();
  readonly #brands = new Map<string, { display: string; products: number }>();
  /** Products per category, counted on each product's path (a parent counts its children's). */
  readonly #categoryProducts = new Map<string, number>();
  /** Query → text match, oldest first (Map order); see MATCH_CACHE_ENTRIES. */
  readonly #matches = new Map<string, TextMatch>();
  /** Suggestions per (limit, query), emptied with the suggestion index's changes. */
  readonly #suggested = new Map<string, Suggestion[]>();

  size(): number {
    return this.#entries.size;
  }

  async upsert(doc: SearchDocument): Promise<void> {
    this.#remove(doc.id);
    const codes = [doc.sku, ...partNumbers(doc.attributes)];
    const codeKeys = [...new Set(codes.map(codeKey).filter((k): k is string => k !== undefined))];
    const text: IndexedText = {
      id: doc.id,
      name: doc.name,
      brand: doc.brand,
      categories: this.#tree.searchText(doc.categoryIds),
      attributes: Object.entries(doc.attributes)
        .map(([k, v]) => `${k} ${v}`)
        .join(' '),
      description: doc.description,
      // The joined form too, so "ab1234" finds "AB-1234" as a term, not only as an exact code.
      codes: [...codes, ...codeKeys].join(' '),
    };
    const entry: Entry = {
      id: doc.id,
      doc,
      text,
      codeKeys,
      brand: doc.brand,
      brandKey: brandKey(doc.brand),
      categoryIds: doc.categoryIds,
      priceUnits: toPriceUnits(doc.listPrice.amount),
      availability: doc.availability,
      createdAtMs: Date.parse(doc.createdAt),
    };
    this.#entries.set(doc.id, entry);
    this.#text.add(text);
    this.#matches.clear();
    for (const key of codeKeys) {
      const ids = this.#byCode.get(key) ?? new Set<string>();
      ids.add(doc.id);
      this.#byCode.set(key, ids);
    }
    this.#suggestEntry({
      id: `p:${doc.id}`,
      kind: 'product',
      text: doc.name,
      productId: doc.id,
      sku: doc.sku,
    });
    this.#countBrand(entry, +1);
    this.#countCategories(entry, +1);
  }

  async setAvailability(id: string, availability: Availability): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry || entry.availability === availability) return;
    // Filters and facets read the entry's field; results show the document.
    entry.availability = availability;
    entry.doc = { ...entry.doc, availability };
  }

  async remove(id: string): Promise<void> {
    this.#remove(id);
  }

  async setCategories(categories: CategoryLabel[]): Promise<void> {
    const tree = new CategoryTree(categories);
    if (tree.sameAs(this.#tree)) return;
    for (const entry of this.#entries.values()) this.#countCategories(entry, -1);
    for (const c of this.#tree.all()) this.#unsuggest(`c:${c.id}`);
    this.#tree = tree;
    for (const entry of this.#entries.values()) {
      this.#countCategories(entry, +1);
      const categoriesText = tree.searchText(entry.categoryIds);
      if (categoriesText !== entry.text.categories) {
        // Exact removal with the old text keeps term statistics as a fresh index would have them.
        this.#text.remove(entry.text);
        entry.text = { ...entry.text, categories: categoriesText };
        this.#text.add(entry.text);
        this.#matches.clear();
      }
    }
    for (const c of categories) this.#suggestEntry({ id: `c:${c.id}`, kind: 'category', text: c.name });
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const candidates = this.#match(query.q);
    const categories = query.categories.map((c) => this.#tree.resolve(c) ?? c);
    const { results, facets } = filterAndFacet(
      candidates,
      { ...query, categories },
      {
        categoryPath: (id) => this.#tree.path(id),
        categoryLabel: (id) => this.#tree.label(id),
      },
    );
    const page = topInOrder(
      results,
      query.offset + query.limit,
      comparator(query.sort, query.q.trim() === ''),
    );
    return {
      hits: page
        .slice(query.offset)
        .map((c) => ({ doc: c.entry.doc, score: round(c.score), exactCode: c.exactCode })),
      total: results.length,
      facets,
    };
  }

  async suggest(q: string, limit: number): Promise<Suggestion[]> {
    if (fold(q).trim().length < 2) return [];
    const key = `${limit}\u0000${q}`;
    const cached = remembered(this.#suggested, key);
    // A copy: callers own what they are given.
    if (cached) return cached.map((s) => ({ ...s }));
    const fresh = this.#suggestFresh(q, limit);
    remember(this.#suggested, key, fresh);
    return fresh.map((s) => ({ ...s }));
  }

  #suggestFresh(q: string, limit: number): Suggestion[] {
    const found = this.#suggest.search(q, {
      prefix: true,
      fuzzy: (term) => (term.length >= 4 && !/\d/.test(term) ? 1 : false),
      combineWith: 'AND',
      boostDocument: (_id, _term, stored) =>
        SUGGEST_KIND_BOOST[(stored?.['kind'] as Suggestion['kind']) ?? 'product'],
      filter: (r) => r['kind'] !== 'category' || (this.#categoryProducts.get(String(r.id).slice(2)) ?? 0) > 0,
    });
    const seen = new Set<string>();
    const out: Suggestion[] = [];
    for (const r of found.sort((a, b) => b.score - a.score || String(a.id).localeCompare(String(b.id)))) {
      const kind = r['kind'] as Suggestion['kind'];
      const key = `${kind}:${fold(r['text'] as string)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        text: r['text'] as string,
        kind,
        ...(kind === 'product' ? { productId: r['productId'] as string, sku: r['sku'] as string } : {}),
      });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Products whose text matches, with their scores; every product when the query is empty. */
  #match(q: string): Candidate[] {
    if (q.trim() === '') return [...this.#entries.values()].map((entry) => candidate(entry, 0, false));
    let match = remembered(this.#matches, q);
    if (!match) {
      match = this.#textMatch(q);
      remember(this.#matches, q, match);
    }
    // Built from the products as they are now (availability and prices change without a text change).
    const out: Candidate[] = [];
    for (let i = 0; i < match.ids.length; i++) {
      const entry = this.#entries.get(match.ids[i]!);
      if (entry) out.push(candidate(entry, match.scores[i]!, match.exact.has(entry.id)));
    }
    return out;
  }

  #textMatch(q: string): TextMatch {
    const terms = tokenize(q);
    // Only punctuation ("*", ".*("): nothing to look for, so nothing found (not everything).
    if (terms.length === 0) return { ids: [], scores: [], exact: new Set() };

    const exact = this.#exactCodeMatches(q);
    const options: SearchOptions = {
      boost: FIELD_BOOSTS,
      // Still typing the last word: complete it; earlier words are complete words.
      prefix: (term, i, all) =>
        prefixAllowed(term) && (i === all.length - 1 || (term.length >= 4 && !/\d/.test(term))),
      fuzzy: (term) => fuzzyEdits(term) || false,
      combineWith: 'AND',
    };
    let found = this.#text.search(q, options);
    // No product has every word: rank the ones with most of them rather than answer nothing.
    if (found.length === 0 && terms.length > 1)
      found = this.#text.search(q, { ...options, combineWith: 'OR' });

    const ids: string[] = [];
    const scores: number[] = [];
    const top = found.reduce((max, r) => Math.max(max, r.score), 0);
    for (const r of found) {
      ids.push(r.id as string);
      scores.push(r.score);
    }
    // An exact code the text search missed (odd separators) is still the first answer.
    const listed = new Set(ids);
    for (const id of exact) {
      if (listed.has(id)) continue;
      ids.push(id);
      scores.push(top);
    }
    return { ids, scores, exact };
  }

  /** Products whose sku or part number is the whole query, or one of its space-separated words. */
  #exactCodeMatches(q: string): Set<string> {
    const keys = new Set([q, ...q.split(/\s+/)].map(codeKey).filter((k): k is string => k !== undefined));
    const ids = new Set<string>();
    for (const key of keys) for (const id of this.#byCode.get(key) ?? []) ids.add(id);
    return ids;
  }

  #suggestEntry(entry: SuggestEntry): void {
    this.#suggestions.set(entry.id, entry);
    this.#suggest.add(entry);
    this.#suggested.clear();
  }

  #unsuggest(id: string): void {
    const entry = this.#suggestions.get(id);
    if (!entry) return;
    this.#suggestions.delete(id);
    this.#suggest.remove(entry);
    this.#suggested.clear();
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#text.remove(entry.text);
    this.#matches.clear();
    this.#unsuggest(`p:${id}`);
    for (const key of entry.codeKeys) {
      const ids = this.#byCode.get(key);
      ids?.delete(id);
      if (ids?.size === 0) this.#byCode.delete(key);
    }
    this.#countBrand(entry, -1);
    this.#countCategories(entry, -1);
  }

  #countBrand(entry: Entry, delta: 1 | -1): void {
    if (!entry.brandKey) return;
    const brand = this.#brands.get(entry.brandKey);
    if (delta > 0 && !brand) {
      this.#brands.set(entry.brandKey, { display: entry.brand, products: 1 });
      this.#suggestEntry({ id: `b:${entry.brandKey}`, kind: 'brand', text: entry.brand });
    } else if (brand) {
      brand.products += delta;
      if (brand.products === 0) {
        this.#brands.delete(entry.brandKey);
        this.#unsuggest(`b:${entry.brandKey}`);
      }
    }
  }

  #countCategories(entry: Entry, delta: 1 | -1): void {
    const path = new Set(entry.categoryIds.flatMap((id) => this.#tree.path(id)));
    for (const id of path) this.#categoryProducts.set(id, (this.#categoryProducts.get(id) ?? 0) + delta);
  }
}

/** The cached value of `key`, marked as just used (moved to the young end). */
function remembered<V>(cache: Map<string, V>, key: string): V | undefined {
  const value = cache.get(key);
  if (value !== undefined) {
    cache.delete(key);
    cache.set(key, value);
  }
  return value;
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.set(key, value);
  if (cache.size > MATCH_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
}

interface Candidate extends FacetEntry {
  entry: Entry;
  score: number;
  exactCode: boolean;
}

function candidate(entry: Entry, score: number, exactCode: boolean): Candidate {
  return {
    entry,
    score,
    exactCode,
    id: entry.id,
    brand: entry.brand,
    brandKey: entry.brandKey,
    categoryIds: entry.categoryIds,
    priceUnits: entry.priceUnits,
    availability: entry.availability,
  };
}

function partNumbers(attributes: Record<string, string>): string[] {
  return Object.entries(attributes)
    .filter(([name]) => CODE_ATTRIBUTE.test(name))
    .map(([, value]) => value);
}

/** Orders are total (ties end on the id), so two tasks holding the same products page alike. */
function comparator(sort: SearchQuery['sort'], browsing: boolean): (a: Candidate, b: Candidate) => number {
  const byId = (a: Candidate, b: Candidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const newest = (a: Candidate, b: Candidate) => b.entry.createdAtMs - a.entry.createdAtMs || byId(a, b);
  const relevance = browsing
    ? newest
    : (a: Candidate, b: Candidate) =>
        Number(b.exactCode) - Number(a.exactCode) || b.score - a.score || byId(a, b);
  const cheaper = (a: Candidate, b: Candidate) =>
    a.priceUnits < b.priceUnits ? -1 : a.priceUnits > b.priceUnits ? 1 : 0;
  switch (sort) {
    case 'price':
      return (a, b) => cheaper(a, b) || relevance(a, b);
    case '-price':
      return (a, b) => cheaper(b, a) || relevance(a, b);
    case 'newest':
      return newest;
    default:
      return relevance;
  }
}

/**
 * The first `k` items in `compare` order without sorting all of them: a page of 20 out of 50,000
 * matches keeps a small sorted buffer and rejects most items with one comparison.
 */
function topInOrder<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4) return [...items].sort(compare).slice(0, k);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === k && compare(item, top[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(item, top[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Scores travel as JSON: a few decimals are plenty and keep the answers of two tasks equal. */
function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
