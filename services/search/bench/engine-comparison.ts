/**
 * MiniSearch (through this service's engine adapter) against Orama on the same generated catalogue:
 * index build time, heap held by the index, and in-process query latency. Run with --expose-gc so
 * heap figures are measured after a full collection.
 */
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import { MiniSearchEngine } from '../src/engine/minisearch-engine.ts';
import type { SearchDocument, SearchEngine, SearchQuery } from '../src/engine/port.ts';
import { BENCH_QUERIES, BENCH_SUGGEST, benchCategories } from './generate-products.ts';

export interface EngineFigures {
  engine: string;
  products: number;
  buildMs: number;
  /** Heap the index holds beyond the documents themselves (which the caller keeps either way). */
  indexHeapMiB: number;
  /** Per query, the first time each is asked (nothing remembered yet). */
  searchFirstMs: number;
  /** Per query, over the later rounds (the adapter answers repeated queries from its caches). */
  searchP50Ms: number;
  searchMaxMs: number;
  /** Per query, each round right after a stock change (which empties the answer cache). */
  searchAfterStockChangeP50Ms: number;
  suggestFirstMs: number;
  suggestP50Ms: number;
}

/** A search engine adapter class: this service's, or an earlier version of it (before/after). */
export type EngineClass = new () => SearchEngine;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(work: () => Promise<unknown>, rounds: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    out.push(performance.now() - start);
  }
  return out;
}

const query = (q: string): SearchQuery => ({
  q,
  categories: [],
  brands: [],
  sort: 'relevance',
  offset: 0,
  limit: 20,
});

export async function measureMiniSearch(
  docs: SearchDocument[],
  rounds = 20,
  Engine: EngineClass = MiniSearchEngine,
  label = 'minisearch (adapter: facets, codes, suggest)',
): Promise<EngineFigures> {
  const before = heapMiB();
  const start = performance.now();
  const engine = new Engine();
  await engine.setCategories(benchCategories());
  for (const doc of docs) await engine.upsert(doc);
  const buildMs = performance.now() - start;
  const indexHeapMiB = heapMiB() - before;
  const [firstSearch = 0, ...searches] = await timed(async () => {
    for (const q of BENCH_QUERIES) await engine.search(query(q));
  }, rounds + 1);
  // One product flipping between two statuses: every call is a real change.
  let flip = 0;
  const afterStockChange = await timed(async () => {
    for (const q of BENCH_QUERIES) {
      await engine.setAvailability(docs[0]!.id, flip++ % 2 ? 'low_stock' : 'out_of_stock');
      await engine.search(query(q));
    }
  }, rounds);
  const [firstSuggest = 0, ...suggests] = await timed(async () => {
    for (const q of BENCH_SUGGEST) await engine.suggest(q, 10);
  }, rounds + 1);
  return {
    engine: label,
    products: docs.length,
    buildMs: Math.round(buildMs),
    indexHeapMiB: round(indexHeapMiB),
    searchFirstMs: round(firstSearch / BENCH_QUERIES.length),
    searchP50Ms: round(percentile(searches, 50) / BENCH_QUERIES.length),
    searchMaxMs: round(Math.max(...searches) / BENCH_QUERIES.length),
    searchAfterStockChangeP50Ms: round(percentile(afterStockChange, 50) / BENCH_QUERIES.length),
    suggestFirstMs: round(firstSuggest / BENCH_SUGGEST.length),
    suggestP50Ms: round(percentile(suggests, 50) / BENCH_SUGGEST.length),
  };
}

/**
 * Orama with the closest equivalent schema: the same fields and boosts, facets on brand, category
 * and availability, a global typo tolerance (Orama has no per-term fuzziness) and the price as a
 * `number` (Orama's only numeric type: a float, which is one reason it is not the choice here).
 */
export async function measureOrama(docs: SearchDocument[], rounds = 20): Promise<EngineFigures> {
  const before = heapMiB();
  const start = performance.now();
  const db = create({
    schema: {
      name: 'string',
      brand: 'string',
      description: 'string',
      sku: 'string',
      brandFacet: 'enum',
      categoryIds: 'enum[]',
      availability: 'enum',
      price: 'number',
    } as const,
  });
  await insertMultiple(
    db,
    docs.map((d) => ({
      id: d.id,
      name: d.name,
      brand: d.brand,
      description: d.description,
      sku: d.sku,
      brandFacet: d.brand,
      categoryIds: d.categoryIds,
      availability: d.availability,
      price: Number(d.listPrice.amount),
    })),
    1000,
  );
  const buildMs = performance.now() - start;
  const indexHeapMiB = heapMiB() - before;
  const run = (term: string, tolerance: number) =>
    oramaSearch(db, {
      term,
      properties: ['name', 'brand', 'description', 'sku'],
      boost: { name: 4, brand: 2, description: 1 },
      tolerance,
      limit: 20,
      facets: { brandFacet: {}, categoryIds: {}, availability: {} },
    });
  // Orama remembers nothing between queries: every round is a first one.
  const searches = await timed(async () => {
    for (const q of BENCH_QUERIES) await run(q, 1);
  }, rounds);
  const suggests = await timed(async () => {
    for (const q of BENCH_SUGGEST) await run(q, 0);
  }, rounds);
  const searchP50Ms = round(percentile(searches, 50) / BENCH_QUERIES.length);
  const suggestP50Ms = round(percentile(suggests, 50) / BENCH_SUGGEST.length);
  return {
    engine: 'orama (raw: built-in facets, no codes/suggest)',
    products: docs.length,
    buildMs: Math.round(buildMs),
    indexHeapMiB: round(indexHeapMiB),
    searchFirstMs: round((searches[0] ?? 0) / BENCH_QUERIES.length),
    searchP50Ms,
    searchMaxMs: round(Math.max(...searches) / BENCH_QUERIES.length),
    searchAfterStockChangeP50Ms: searchP50Ms,
    suggestFirstMs: round((suggests[0] ?? 0) / BENCH_SUGGEST.length),
    suggestP50Ms,
  };
}

/** Heap the documents themselves take (what every task keeps next to the index). */
export function documentsHeapMiB(make: () => SearchDocument[]): { docs: SearchDocument[]; heapMiB: number } {
  const before = heapMiB();
  const docs = make();
  return { docs, heapMiB: round(heapMiB() - before) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
