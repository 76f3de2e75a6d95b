/**
 * The in-memory engine: MiniSearch (BM25 with prefix and fuzzy matching on a radix tree) for the
 * text, plain maps for exact codes, and one pass over the matches for filters and facets.
 * Every task of the service holds one, filled from the index feed (see ../index-feed).
 * Why MiniSearch rather than Orama: see the README (measured on the 50k-product bench).
 */
import MiniSearch, { type SearchOptions } from 'minisearch';
import { AnswerCache } from './answer-cache.ts';
import { BoundedCache } from './bounded-cache.ts';
import { CategoryTree } from './categories.ts';
import { brandKey, CatalogueFacets, categoryPathOf, type FacetEntry, filterAndFacet } from './facets.ts';
import type {
  Availability,
  CategoryLabel,
  SearchDocument,
  SearchEngine,
  SearchQuery,
  SearchResult,
  Suggestion,
} from './port.ts';
import { priceBucketIndex, toPriceUnits } from './price-units.ts';
import { documentTerms, fuzzyFor, prefixFor, type QueryTermSpec, querySpecs } from './query-terms.ts';
import { codeKey, fold, indexTerms, queryTerm, tokenize } from './text.ts';

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
  categoryIds: readonly string[];
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
 * Remembered per normalized query (AnswerCache): the text match (scoring every posting of every
 * matched term is most of a first search's cost: 60 ms for a common word over 50,000 products) and
 * the whole answers (query + filters + sort + page; the facet pass still walks every match). A
 * product change drops only the queries its old or new text can reach (QueryWatch); a change of
 * stock, price or other non-text fields keeps their text matches (the entries are live, updated in
 * place) and drops their answers. An answer is never older than the products it was computed from.
 */
const CACHED_QUERIES = 1_000;
const CACHED_ANSWERS = 2_000;

/**
 * BM25 scores depend on the whole catalogue (document count, average field lengths), so an
 * unrelated change shifts every score a little without changing which products match. A text
 * match the change did not reach is kept for this long after such a change, then recomputed on its
 * next ask: under a trickle each query is recomputed at most this often, and two tasks holding the
 * same products answer the same bytes again once the catalogue's text has been quiet this long.
 */
export const SCORE_REFRESH_MS = 5_000;

/** The products a text matched, with their scores and exact-code flags in parallel arrays. */
interface TextMatch {
  readonly entries: readonly Entry[];
  readonly scores: readonly number[];
  /** 1 where the query was that product's sku or part number. */
  readonly exact: Uint8Array;
}

/** A remembered text match and the text statistics it was scored with. */
interface RememberedMatch extends TextMatch {
  readonly textVersion: number;
  readonly computedAt: number;
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
  /** Unfiltered facet counts of every product, kept per change (browsing answers from them). */
  readonly #facets = new CatalogueFacets();
  /** Text matches and whole answers (frozen: callers share them) per query; see CACHED_QUERIES. */
  readonly #cache = new AnswerCache<RememberedMatch, SearchResult>(CACHED_QUERIES, CACHED_ANSWERS);
  /** Bumped by every change of the text index: the statistics a remembered match was scored with. */
  #textVersion = 0;
  /** Every product, for browsing without text; rebuilt after the set of products changed. */
  #browse: TextMatch | undefined;
  /** Suggestions per (limit, query), emptied with the suggestion index's changes. */
  readonly #suggested = new BoundedCache<Suggestion[]>(CACHED_QUERIES);

  constructor(private readonly options: { now?: () => number; scoreRefreshMs?: number } = {}) {}

  size(): number {
    return this.#entries.size;
  }

  async upsert(doc: SearchDocument): Promise<void> {
    const previous = this.#entries.get(doc.id);
    const entry = this.#entryOf(doc);
    if (previous && sameText(previous.text, entry.text)) {
      // Price, stock, images, ...: the text index and every text match stay; the entry is updated
      // in place (remembered matches hold it) and only the answers it can be in are dropped.
      // (The brand is part of the text, so its suggestion is unchanged.)
      this.#facets.count(previous, -1);
      Object.assign(previous, { ...entry, text: previous.text });
      this.#facets.count(previous, +1);
      this.#cache.productChanged(termsOf(previous), previous.codeKeys, false);
      return;
    }
    if (previous) this.#removeText(previous);
    this.#entries.set(doc.id, entry);
    this.#text.add(entry.text);
    for (const key of entry.codeKeys) {
      const ids = this.#byCode.get(key) ?? new Set<string>();
      ids.add(doc.id);
      this.#byCode.set(key, ids);
    }
    const suggestion = this.#suggestions.get(`p:${doc.id}`);
    if (suggestion?.text !== doc.name || suggestion.sku !== doc.sku) {
      this.#unsuggest(`p:${doc.id}`);
      this.#suggestEntry({
        id: `p:${doc.id}`,
        kind: 'product',
        text: doc.name,
        productId: doc.id,
        sku: doc.sku,
      });
    }
    // The new brand counted before the old one goes: an unchanged brand keeps its suggestion.
    this.#countBrand(entry, +1);
    if (previous) this.#countBrand(previous, -1);
    this.#facets.count(entry, +1);
    this.#textChanged(previous ? [...termsOf(previous), ...termsOf(entry)] : termsOf(entry), [
      ...(previous?.codeKeys ?? []),
      ...entry.codeKeys,
    ]);
  }

  async setAvailability(id: string, availability: Availability): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry || entry.availability === availability) return;
    // Filters and facets read the entry's field; results show the document.
    this.#facets.count(entry, -1);
    entry.availability = availability;
    entry.doc = { ...entry.doc, availability };
    this.#facets.count(entry, +1);
    this.#cache.productChanged(termsOf(entry), entry.codeKeys, false);
  }

  async remove(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#removeText(entry);
    this.#unsuggest(`p:${id}`);
    this.#countBrand(entry, -1);
    this.#textChanged(termsOf(entry), entry.codeKeys);
  }

  async setCategories(categories: CategoryLabel[]): Promise<void> {
    const tree = new CategoryTree(categories);
    if (tree.sameAs(this.#tree)) return;
    for (const entry of this.#entries.values()) this.#facets.count(entry, -1);
    for (const c of this.#tree.all()) this.#unsuggest(`c:${c.id}`);
    this.#tree = tree;
    // Rare (a category renamed or moved): labels, paths and category texts change everywhere.
    this.#cache.clear();
    this.#browse = undefined;
    for (const entry of this.#entries.values()) {
      entry.categoryPath = categoryPathOf(entry.categoryIds, (id) => tree.path(id));
      this.#facets.count(entry, +1);
      const categoriesText = tree.searchText(entry.categoryIds);
      if (categoriesText !== entry.text.categories) {
        // Exact removal with the old text keeps term statistics as a fresh index would have them.
        this.#text.remove(entry.text);
        entry.text = { ...entry.text, categories: categoriesText };
        this.#text.add(entry.text);
        this.#textVersion++;
      }
    }
    for (const c of categories) this.#suggestEntry({ id: `c:${c.id}`, kind: 'category', text: c.name });
  }

  /** The answer is shared with later callers of the same query: it is frozen, not to be changed. */
  async search(query: SearchQuery): Promise<SearchResult> {
    const q = normalizeQuery(query.q);
    const categories = [...new Set(query.categories.map((c) => this.#tree.resolve(c) ?? c))].sort();
    const key = resultKey(q, categories, query);
    // The match first: a match past its score refresh is recomputed, and its answers with it.
    const match = q === '' ? this.#everything() : this.#match(q);
    const cached = this.#cache.answer(q, key);
    if (cached) return cached;

    const filters = { ...query, categories };
    const unfiltered =
      q === '' &&
      categories.length === 0 &&
      query.brands.length === 0 &&
      query.minPrice === undefined &&
      query.maxPrice === undefined &&
      query.availability === undefined;
    const ctx = { categoryLabel: (id: string) => this.#tree.label(id) };
    // Browsing without filters: every product is a result and the facets are the kept counts.
    const { results, facets } = unfiltered
      ? { results: Array.from(match.entries.keys()), facets: this.#facets.facets(ctx) }
      : filterAndFacet(match.entries, filters, ctx);
    const page = topInOrder(results, query.offset + query.limit, comparator(query.sort, q === '', match));
    const result = deepFreeze({
      hits: page.slice(query.offset).map((i) => ({
        doc: match.entries[i]!.doc,
        score: round(match.scores[i]!),
        exactCode: match.exact[i] === 1,
      })),
      total: results.length,
      facets,
    });
    const { specs, codes } = q === '' ? { specs: [], codes: [] } : this.#dependencies(q);
    this.#cache.setAnswer(q, specs, codes, key, result);
    return result;
  }

  async suggest(q: string, limit: number): Promise<Suggestion[]> {
    if (fold(q).trim().length < 2) return [];
    const key = `${limit}\u0000${normalizeQuery(q)}`;
    const cached = this.#suggested.get(key);
    // A copy: callers own what they are given.
    if (cached) return cached.map((s) => ({ ...s }));
    const fresh = this.#suggestFresh(q, limit);
    this.#suggested.set(key, fresh);
    return fresh.map((s) => ({ ...s }));
  }

  #suggestFresh(q: string, limit: number): Suggestion[] {
    const terms = tokenize(q);
    // A last word of one letter ("safety g") as a prefix would score every posting of every word
    // starting with that letter (measured: the slowest suggestion by far). The other words are
    // looked up instead, and a text is kept when a later word of it starts with that letter.
    const letter = terms.length > 1 && terms.at(-1)!.length === 1 ? terms.at(-1)! : undefined;
    const previous = terms.at(-2) ?? '';
    const found = this.#suggest.search(letter ? terms.slice(0, -1).join(' ') : q, {
      prefix: true,
      fuzzy: (term) => (term.length >= 4 && !/\d/.test(term) ? 1 : false),
      combineWith: 'AND',
      boostDocument: (_id, _term, stored) =>
        SUGGEST_KIND_BOOST[(stored?.['kind'] as Suggestion['kind']) ?? 'product'],
      filter: (r) =>
        (r['kind'] !== 'category' || (this.#facets.categories.get(String(r.id).slice(2)) ?? 0) > 0) &&
        (letter === undefined || hasWordAfter(r['text'] as string, previous, letter)),
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

  /** Every product (browsing without text), scores 0. */
  #everything(): TextMatch {
    this.#browse ??= {
      entries: [...this.#entries.values()],
      scores: new Array<number>(this.#entries.size).fill(0),
      exact: new Uint8Array(this.#entries.size),
    };
    return this.#browse;
  }

  /** Products whose text matches `q` (normalized, not empty), with their scores. */
  #match(q: string): TextMatch {
    const now = this.options.now?.() ?? Date.now();
    const remembered = this.#cache.match(q);
    if (
      remembered &&
      (remembered.textVersion === this.#textVersion ||
        now - remembered.computedAt < (this.options.scoreRefreshMs ?? SCORE_REFRESH_MS))
    )
      return remembered;
    const match: RememberedMatch = { ...this.#textMatch(q), textVersion: this.#textVersion, computedAt: now };
    const { specs, codes } = this.#dependencies(q);
    this.#cache.setMatch(q, specs, codes, match);
    return match;
  }

  /** What a query's answers depend on: its terms as looked up, and the codes it names exactly. */
  #dependencies(q: string): { specs: QueryTermSpec[]; codes: string[] } {
    return { specs: querySpecs(q), codes: [...queryCodeKeys(q)] };
  }

  #textMatch(q: string): TextMatch {
    const terms = tokenize(q);
    // Only punctuation ("*", ".*("): nothing to look for, so nothing found (not everything).
    if (terms.length === 0) return { entries: [], scores: [], exact: new Uint8Array(0) };

    const exact = this.#exactCodeMatches(q);
    const options: SearchOptions = {
      boost: FIELD_BOOSTS,
      prefix: prefixFor,
      fuzzy: fuzzyFor,
      combineWith: 'AND',
    };
    let found = this.#text.search(q, options);
    // No product has every word: rank the ones with most of them rather than answer nothing.
    if (found.length === 0 && terms.length > 1)
      found = this.#text.search(q, { ...options, combineWith: 'OR' });

    const entries: Entry[] = [];
    const scores: number[] = [];
    let top = 0;
    for (const r of found) {
      const entry = this.#entries.get(r.id as string);
      if (!entry) continue;
      entries.push(entry);
      scores.push(r.score);
      if (r.score > top) top = r.score;
    }
    // An exact code the text search missed (odd separators) is still the first answer.
    const listed = new Set(entries.map((e) => e.id));
    for (const id of exact) {
      const entry = this.#entries.get(id);
      if (!entry || listed.has(id)) continue;
      entries.push(entry);
      scores.push(top);
    }
    const flags = new Uint8Array(entries.length);
    for (let i = 0; i < entries.length; i++) if (exact.has(entries[i]!.id)) flags[i] = 1;
    return { entries, scores, exact: flags };
  }

  /** Products whose sku or part number is the whole query, or one of its space-separated words. */
  #exactCodeMatches(q: string): Set<string> {
    const ids = new Set<string>();
    for (const key of queryCodeKeys(q)) for (const id of this.#byCode.get(key) ?? []) ids.add(id);
    return ids;
  }

  #entryOf(doc: SearchDocument): Entry {
    const priceUnits = toPriceUnits(doc.listPrice.amount);
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
    return {
      id: doc.id,
      doc,
      text,
      codeKeys,
      brand: doc.brand,
      brandKey: brandKey(doc.brand),
      categoryIds: doc.categoryIds,
      categoryPath: categoryPathOf(doc.categoryIds, (id) => this.#tree.path(id)),
      priceUnits,
      priceBucket: priceBucketIndex(priceUnits),
      availability: doc.availability,
      createdAtMs: Date.parse(doc.createdAt),
    };
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

  /** Takes a product out of the text index, the code map and the facet counts (not suggestions). */
  #removeText(entry: Entry): void {
    this.#entries.delete(entry.id);
    this.#text.remove(entry.text);
    for (const key of entry.codeKeys) {
      const ids = this.#byCode.get(key);
      ids?.delete(entry.id);
      if (ids?.size === 0) this.#byCode.delete(key);
    }
    this.#facets.count(entry, -1);
  }

  /** The text index or the set of products changed: the queries those terms reach are recomputed. */
  #textChanged(terms: Iterable<string>, codes: Iterable<string>): void {
    this.#textVersion++;
    this.#browse = undefined;
    this.#cache.productChanged(terms, codes, true);
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
}

/** The terms a product's text is indexed under (what QueryWatch compares with remembered queries). */
function termsOf(entry: Entry): Set<string> {
  const { id: _id, ...fields } = entry.text;
  return documentTerms(Object.values(fields));
}

function sameText(a: IndexedText, b: IndexedText): boolean {
  return textFields.every((field) => a[field] === b[field]);
}

/** The code keys a query names: the whole query, or one of its space-separated words. */
function queryCodeKeys(q: string): Set<string> {
  return new Set([q, ...q.split(/\s+/)].map(codeKey).filter((k): k is string => k !== undefined));
}

/**
 * Whether `text` has a word starting with `letter` after its first word starting with `previous`
 * ("Safety gloves" for "safety g"; not "Safety shoes" for "safety s": its "s" is "safety" itself).
 * When no word starts with `previous` (it matched with a typo), any word may.
 */
function hasWordAfter(text: string, previous: string, letter: string): boolean {
  const words = tokenize(text);
  const after = words.findIndex((w) => w.startsWith(previous));
  for (let i = after + 1; i < words.length; i++) if (words[i]!.startsWith(letter)) return true;
  return false;
}

/**
 * The form a query is remembered by: folded, whitespace collapsed. Matching depends on nothing
 * else (terms are folded, codes drop separators), so "Hex  Screw" and "hex screw" share answers.
 */
function normalizeQuery(q: string): string {
  return fold(q).split(/\s+/).filter(Boolean).join(' ');
}

/** Everything an answer depends on besides the products: text, filters (as sets), sort, page. */
function resultKey(q: string, categories: readonly string[], query: SearchQuery): string {
  const brands = [...new Set(query.brands.map(brandKey))].sort();
  const availability =
    query.availability === undefined ? '*' : [...new Set(query.availability)].sort().join();
  return JSON.stringify([
    q,
    categories,
    brands,
    String(query.minPrice ?? ''),
    String(query.maxPrice ?? ''),
    availability,
    query.sort,
    query.offset,
    query.limit,
  ]);
}

/** Freezes the answer's own objects (not the documents, which the engine never changes in place). */
function deepFreeze(result: SearchResult): SearchResult {
  for (const hit of result.hits) Object.freeze(hit);
  Object.freeze(result.hits);
  for (const list of Object.values(result.facets) as object[][]) {
    for (const item of list) Object.freeze(item);
    Object.freeze(list);
  }
  Object.freeze(result.facets);
  return Object.freeze(result);
}

function partNumbers(attributes: Record<string, string>): string[] {
  return Object.entries(attributes)
    .filter(([name]) => CODE_ATTRIBUTE.test(name))
    .map(([, value]) => value);
}

/**
 * Orders over indices of `match` (its arrays hold the products, scores and exact flags). Orders
 * are total (ties end on the id), so two tasks holding the same products page alike.
 */
function comparator(
  sort: SearchQuery['sort'],
  browsing: boolean,
  match: TextMatch,
): (a: number, b: number) => number {
  const { entries, scores, exact } = match;
  const byId = (a: number, b: number) => {
    const x = entries[a]!.id;
    const y = entries[b]!.id;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const newest = (a: number, b: number) => entries[b]!.createdAtMs - entries[a]!.createdAtMs || byId(a, b);
  const relevance = browsing
    ? newest
    : (a: number, b: number) => exact[b]! - exact[a]! || scores[b]! - scores[a]! || byId(a, b);
  const cheaper = (a: number, b: number) => {
    const x = entries[a]!.priceUnits;
    const y = entries[b]!.priceUnits;
    return x < y ? -1 : x > y ? 1 : 0;
  };
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
