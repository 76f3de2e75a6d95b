/**
 * Remembered answers under a stream of changes answer what a fresh engine holding the same
 * products answers (membership, totals, facets, the newest order); and facet counts, with and
 * without filters, equal a brute-force count of the products. Seeded, so a failure replays.
 */
import { describe, expect, it } from 'vitest';
import { MiniSearchEngine } from '../src/engine/minisearch-engine.ts';
import type {
  Availability,
  CategoryLabel,
  SearchDocument,
  SearchQuery,
  SearchResult,
} from '../src/engine/port.ts';
import { searchDoc } from './support/products.ts';

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES: CategoryLabel[] = [
  { id: 'fasteners', name: 'Fasteners', slug: 'fasteners', parentId: null },
  { id: 'screws', name: 'Screws', slug: 'screws', parentId: 'fasteners' },
  { id: 'pumps', name: 'Pumps', slug: 'pumps', parentId: null },
];
const ANCESTORS: Record<string, string[]> = {
  fasteners: ['fasteners'],
  screws: ['screws', 'fasteners'],
  pumps: ['pumps'],
};
const WORDS = [
  'hydraulic',
  'pump',
  'hose',
  'valve',
  'steel',
  'stainless',
  'inox',
  'screw',
  'bolt',
  'm8',
  'm10',
  'pieces',
  'pcs',
  'gear',
  'safety',
  'gloves',
  'drill',
];
const BRANDS = ['Bosch', 'Parker', 'Würth', 'Uvex'];
/** Prices and the price bucket ([from, to)) each falls in. */
const PRICES: Record<string, { from: string; to: string }> = {
  '3.00': { from: '0', to: '5' },
  '12.50': { from: '10', to: '25' },
  '49.99': { from: '25', to: '50' },
  '120.00': { from: '100', to: '250' },
};
const AVAILABILITY: Availability[] = ['in_stock', 'low_stock', 'out_of_stock'];

const QUERIES = [
  '',
  'hydraulic',
  'hydraulik',
  'pum',
  'stainless',
  'inox',
  'm8',
  'pieces',
  'gear pump',
  'safety glov',
  'bosch',
  'screws',
  'sku 7',
];
const FILTERS: Partial<SearchQuery>[] = [
  {},
  { brands: ['Bosch'] },
  { categories: ['fasteners'] },
  { availability: ['in_stock'] },
  { maxPrice: 500_000n },
  { brands: ['Würth', 'Uvex'], availability: ['in_stock', 'low_stock'], categories: ['screws'] },
];

const query = (
  q: string,
  filters: Partial<SearchQuery>,
  sort: SearchQuery['sort'] = 'relevance',
): SearchQuery => ({
  q,
  categories: [],
  brands: [],
  sort,
  offset: 0,
  limit: 100,
  ...filters,
});

/** What must not depend on when a remembered answer was computed (scores may, for a while). */
const comparable = (r: SearchResult) => ({
  ids: r.hits.map((h) => h.doc.id).sort(),
  docs: Object.fromEntries(r.hits.map((h) => [h.doc.id, h.doc])),
  total: r.total,
  facets: r.facets,
});

describe('remembered answers under a stream of changes', () => {
  it('answer as a fresh engine with the same products does, after every kind of change', async () => {
    const next = random(42);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const product = (id: string, createdAt: string): SearchDocument =>
      searchDoc({
        id,
        sku: `SKU ${id.slice(1)}`,
        name: [pick(WORDS), pick(WORDS), pick(WORDS)].join(' '),
        brand: pick(BRANDS),
        categoryIds: [pick(['fasteners', 'screws', 'pumps'])],
        listPrice: { amount: pick(Object.keys(PRICES)), currency: 'EUR' },
        availability: pick(AVAILABILITY),
        createdAt,
      });
    const held = new Map<string, SearchDocument>();
    const engine = new MiniSearchEngine();
    await engine.setCategories(CATEGORIES);
    let counter = 0;
    const createdAt = () => new Date(Date.UTC(2025, 0, 1) + ++counter * 60_000).toISOString();
    for (let i = 0; i < 30; i++) {
      const doc = product(`p${i}`, createdAt());
      held.set(doc.id, doc);
      await engine.upsert(doc);
    }
    const kinds = { added: 0, renamed: 0, repriced: 0, stock: 0, removed: 0, kept: 0 };
    for (let step = 0; step < 50; step++) {
      // Ask everything first, so every answer below is a remembered one where it was kept.
      const before = new Map<string, SearchResult>();
      for (const q of QUERIES)
        for (const [i, f] of FILTERS.entries()) before.set(`${q}|${i}`, await engine.search(query(q, f)));

      const ids = [...held.keys()];
      const change = next();
      const id = pick(ids);
      if (change < 0.2) {
        const doc = product(`p${30 + step}`, createdAt());
        held.set(doc.id, doc);
        await engine.upsert(doc);
        kinds.added++;
      } else if (change < 0.4) {
        const doc = { ...product(id, held.get(id)!.createdAt), version: held.get(id)!.version + 1 };
        held.set(id, doc);
        await engine.upsert(doc);
        kinds.renamed++;
      } else if (change < 0.6) {
        const doc = { ...held.get(id)!, listPrice: { amount: pick(Object.keys(PRICES)), currency: 'EUR' } };
        held.set(id, doc);
        await engine.upsert(doc);
        kinds.repriced++;
      } else if (change < 0.85) {
        const availability = pick(AVAILABILITY);
        held.set(id, { ...held.get(id)!, availability });
        await engine.setAvailability(id, availability);
        kinds.stock++;
      } else if (ids.length > 5) {
        held.delete(id);
        await engine.remove(id);
        kinds.removed++;
      }

      const fresh = new MiniSearchEngine();
      await fresh.setCategories(CATEGORIES);
      for (const doc of held.values()) await fresh.upsert(doc);
      for (const q of QUERIES) {
        for (const [i, f] of FILTERS.entries()) {
          const answer = await engine.search(query(q, f));
          if (answer === before.get(`${q}|${i}`)) kinds.kept++;
          const expected = await fresh.search(query(q, f));
          expect(comparable(answer), `step ${step}, "${q}", filters ${i}`).toEqual(comparable(expected));
        }
        // The newest order holds no score: remembered or not, it is the fresh engine's exactly.
        expect((await engine.search(query(q, {}, 'newest'))).hits.map((h) => h.doc.id)).toEqual(
          (await fresh.search(query(q, {}, 'newest'))).hits.map((h) => h.doc.id),
        );
      }
    }
    // Every kind of change happened, and many answers survived the changes that did not reach them.
    expect(Math.min(kinds.added, kinds.renamed, kinds.repriced, kinds.stock, kinds.removed)).toBeGreaterThan(
      5,
    );
    expect(kinds.kept).toBeGreaterThan(50 * QUERIES.length);
  });
});

describe('facet counts against a brute-force count', () => {
  const inCategory = (doc: SearchDocument, wanted: string[]) =>
    wanted.length === 0 || doc.categoryIds.some((c) => ANCESTORS[c]!.some((a) => wanted.includes(a)));

  /** Disjunctive: each facet counted on the products passing every other filter. */
  function reference(
    docs: SearchDocument[],
    f: { brands: string[]; categories: string[]; availability?: Availability[] },
  ) {
    const passes = (doc: SearchDocument, skip: string) =>
      (skip === 'category' || inCategory(doc, f.categories)) &&
      (skip === 'brand' || f.brands.length === 0 || f.brands.includes(doc.brand)) &&
      (skip === 'availability' || f.availability === undefined || f.availability.includes(doc.availability));
    const count = <K extends string>(skip: string, keys: (d: SearchDocument) => K[]) => {
      const counts = new Map<K, number>();
      for (const doc of docs)
        if (passes(doc, skip)) for (const k of keys(doc)) counts.set(k, (counts.get(k) ?? 0) + 1);
      return counts;
    };
    return {
      total: docs.filter((d) => passes(d, '')).length,
      category: Object.fromEntries(
        count('category', (d) => [...new Set(d.categoryIds.flatMap((c) => ANCESTORS[c]!))]),
      ),
      brand: Object.fromEntries(count('brand', (d) => [d.brand])),
      price: Object.fromEntries(count('price', (d) => [PRICES[d.listPrice.amount]!.from])),
      availability: Object.fromEntries(count('availability', (d) => [d.availability])),
    };
  }
  const asCounts = (r: SearchResult) => ({
    total: r.total,
    category: Object.fromEntries(r.facets.category.map((c) => [c.value, c.count])),
    brand: Object.fromEntries(r.facets.brand.map((c) => [c.value, c.count])),
    price: Object.fromEntries(r.facets.price.map((c) => [c.from, c.count])),
    availability: Object.fromEntries(r.facets.availability.map((c) => [c.value, c.count])),
  });

  it('browsing without filters (kept counts) and with each kind of filter, before and after changes', async () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const docs = Array.from({ length: 200 }, (_, i) =>
      searchDoc({
        id: `d${i}`,
        brand: pick(BRANDS),
        categoryIds: [pick(['fasteners', 'screws', 'pumps'])],
        listPrice: { amount: pick(Object.keys(PRICES)), currency: 'EUR' },
        availability: pick(AVAILABILITY),
      }),
    );
    const engine = new MiniSearchEngine();
    await engine.setCategories(CATEGORIES);
    for (const doc of docs) await engine.upsert(doc);
    const filterSets = [
      { brands: [], categories: [] },
      { brands: ['Bosch'], categories: [] },
      { brands: [], categories: ['fasteners'] },
      { brands: ['Parker', 'Uvex'], categories: ['screws'], availability: ['in_stock' as const] },
    ];
    const check = async (held: SearchDocument[]) => {
      for (const f of filterSets) {
        const got = asCounts(await engine.search(query('', f)));
        expect(got, JSON.stringify(f)).toEqual(reference(held, f));
      }
    };
    await check(docs);
    // Unfiltered: every product counted once per facet (positive control of the reference itself).
    expect(Object.values(reference(docs, filterSets[0]!).brand).reduce((a, b) => a + b)).toBe(200);
    for (let i = 0; i < 40; i++) {
      const doc = docs[i]!;
      const availability = pick(AVAILABILITY);
      docs[i] = { ...doc, availability, listPrice: { amount: pick(Object.keys(PRICES)), currency: 'EUR' } };
      await engine.upsert(docs[i]!);
    }
    const removed = docs.splice(0, 10);
    for (const doc of removed) await engine.remove(doc.id);
    await check(docs);
  });
});
