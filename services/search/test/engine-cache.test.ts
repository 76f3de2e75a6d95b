/**
 * The engine remembers text matches and whole answers per query (see MATCH_CACHE_ENTRIES and
 * RESULT_CACHE_ENTRIES): a repeated query must still see every change — a product added, renamed
 * or removed, a category renamed — and the current availability and prices; and two queries that
 * differ in anything that changes the answer must never share one.
 */
import { describe, expect, it } from 'vitest';
import { MiniSearchEngine } from '../src/engine/minisearch-engine.ts';
import type { SearchQuery } from '../src/engine/port.ts';
import { searchDoc } from './support/products.ts';

const query = (q: string, overrides: Partial<SearchQuery> = {}): SearchQuery => ({
  q,
  categories: [],
  brands: [],
  sort: 'relevance',
  offset: 0,
  limit: 20,
  ...overrides,
});

const idsOf = async (engine: MiniSearchEngine, q: string) =>
  (await engine.search(query(q))).hits.map((h) => h.doc.id);

describe('a repeated query after a change', () => {
  it('sees products added, renamed and removed since it was last asked', async () => {
    const engine = new MiniSearchEngine();
    await engine.upsert(searchDoc({ id: 'a', name: 'Hydraulic pump', sku: 'HP-1' }));
    expect(await idsOf(engine, 'pump')).toEqual(['a']);
    expect(await idsOf(engine, 'pump')).toEqual(['a']); // answered from the cache, same answer

    await engine.upsert(searchDoc({ id: 'b', name: 'Gear pump', sku: 'GP-1' }));
    expect((await idsOf(engine, 'pump')).sort()).toEqual(['a', 'b']);

    await engine.upsert(searchDoc({ id: 'a', name: 'Hydraulic hose', sku: 'HP-1' }));
    expect(await idsOf(engine, 'pump')).toEqual(['b']);
    expect(await idsOf(engine, 'hose')).toEqual(['a']);

    await engine.remove('b');
    expect(await idsOf(engine, 'pump')).toEqual([]);
  });

  it('filters and counts on the availability and price the products have now', async () => {
    const engine = new MiniSearchEngine();
    const inStock = searchDoc({ id: 'a', name: 'Safety gloves', sku: 'SG-1', availability: 'in_stock' });
    await engine.upsert(inStock);
    const before = await engine.search(query('gloves', { availability: ['in_stock'] }));
    expect(before.hits.map((h) => h.doc.id)).toEqual(['a']);
    // Same text, new stock and price: the text index does not change, the answer must.
    await engine.upsert({
      ...inStock,
      availability: 'out_of_stock',
      listPrice: { amount: '99.00', currency: 'EUR' },
    });
    const after = await engine.search(query('gloves', { availability: ['in_stock'] }));
    expect(after.hits).toEqual([]);
    const all = await engine.search(query('gloves'));
    expect(all.hits[0]?.doc.listPrice.amount).toBe('99.00');
    expect(all.hits[0]?.doc.availability).toBe('out_of_stock');
  });

  it('a stock change alone (no text change, the cache kept) shows in the next answer of the same query', async () => {
    const engine = new MiniSearchEngine();
    await engine.upsert(searchDoc({ id: 'a', name: 'Safety gloves', sku: 'SG-1', availability: 'in_stock' }));
    const inStock = { availability: ['in_stock' as const] };
    expect((await engine.search(query('gloves', inStock))).hits.map((h) => h.doc.id)).toEqual(['a']);
    await engine.setAvailability('a', 'out_of_stock');
    expect((await engine.search(query('gloves', inStock))).hits).toEqual([]);
    const all = await engine.search(query('gloves'));
    expect(all.hits[0]?.doc.availability).toBe('out_of_stock');
    expect(all.facets.availability).toEqual([{ value: 'out_of_stock', count: 1 }]);
  });

  it('suggestions follow new and removed products too', async () => {
    const engine = new MiniSearchEngine();
    await engine.upsert(searchDoc({ id: 'a', name: 'Hydraulic pump', sku: 'HP-1', brand: 'Acme' }));
    expect((await engine.suggest('hydr', 5)).map((s) => s.text)).toEqual(['Hydraulic pump']);
    await engine.upsert(searchDoc({ id: 'b', name: 'Hydrant key', sku: 'HK-1', brand: 'Acme' }));
    expect((await engine.suggest('hydr', 5)).map((s) => s.text).sort()).toEqual([
      'Hydrant key',
      'Hydraulic pump',
    ]);
    await engine.remove('a');
    expect((await engine.suggest('hydr', 5)).map((s) => s.text)).toEqual(['Hydrant key']);
  });
});

describe('remembered answers', () => {
  const catalogue = async () => {
    const engine = new MiniSearchEngine();
    await engine.setCategories([{ id: 'c1', name: 'Pumps', slug: 'pumps', parentId: null }]);
    await engine.upsert(
      searchDoc({ id: 'a', name: 'Hydraulic pump', sku: 'HP-1', brand: 'Bosch', categoryIds: ['c1'] }),
    );
    await engine.upsert(
      searchDoc({ id: 'b', name: 'Gear pump', sku: 'GP-1', brand: 'Parker', categoryIds: ['c1'] }),
    );
    return engine;
  };

  it('the same words in another case or spacing get the same answer; other filters get their own', async () => {
    const engine = await catalogue();
    const bosch = await engine.search(query('pump', { brands: ['Bosch'] }));
    expect(bosch.hits.map((h) => h.doc.id)).toEqual(['a']);
    expect(await engine.search(query('  PUMP ', { brands: ['bosch'] }))).toEqual(bosch);
    // Positive controls: a different brand, page, sort or price bound is a different answer.
    expect((await engine.search(query('pump', { brands: ['Parker'] }))).hits.map((h) => h.doc.id)).toEqual([
      'b',
    ]);
    expect((await engine.search(query('pump', { brands: ['Bosch'], offset: 1 }))).hits).toEqual([]);
    expect((await engine.search(query('pump', { sort: 'price' }))).total).toBe(2);
    expect((await engine.search(query('pump', { maxPrice: 1n }))).total).toBe(0);
    expect((await engine.search(query('pump', { availability: [] }))).total).toBe(0);
    expect((await engine.search(query('pump'))).total).toBe(2);
  });

  it('a category renamed shows in the facet labels of a query answered before', async () => {
    const engine = await catalogue();
    expect((await engine.search(query(''))).facets.category).toEqual([
      { value: 'c1', label: 'Pumps', count: 2 },
    ]);
    await engine.setCategories([{ id: 'c1', name: 'Pumps & motors', slug: 'pumps', parentId: null }]);
    expect((await engine.search(query(''))).facets.category).toEqual([
      { value: 'c1', label: 'Pumps & motors', count: 2 },
    ]);
  });

  it('a browse answered before sees a product added and one removed', async () => {
    const engine = await catalogue();
    expect((await engine.search(query(''))).total).toBe(2);
    await engine.upsert(searchDoc({ id: 'c', name: 'Vane pump', sku: 'VP-1' }));
    expect((await engine.search(query(''))).hits.map((h) => h.doc.id)).toContain('c');
    await engine.remove('a');
    expect((await engine.search(query(''))).hits.map((h) => h.doc.id).sort()).toEqual(['b', 'c']);
  });

  it('a shared answer cannot be changed by one caller for the next', async () => {
    const engine = await catalogue();
    const first = await engine.search(query('pump'));
    expect(() => first.hits.pop()).toThrow(TypeError);
    expect(() => first.facets.brand.push({ value: 'X', count: 9 })).toThrow(TypeError);
    const again = await engine.search(query('pump'));
    expect(again.hits).toHaveLength(2);
    expect(again.facets.brand).toHaveLength(2);
  });
});
