/**
 * The engine remembers text matches per query (see MATCH_CACHE_ENTRIES): a repeated query must
 * still see every change — a product added, renamed or removed, a category renamed — and the
 * current availability and prices, which are read from the products on each request.
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
