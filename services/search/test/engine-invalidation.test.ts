/**
 * Targeted invalidation: a product change drops only the remembered answers it can affect. A kept
 * answer is the very same (frozen) object as before; a dropped one is recomputed and shows the
 * change at once. Every "kept" assertion has a "dropped" control next to it.
 */
import { describe, expect, it } from 'vitest';
import { MiniSearchEngine } from '../src/engine/minisearch-engine.ts';
import type { SearchDocument, SearchQuery } from '../src/engine/port.ts';
import { searchDoc } from './support/products.ts';

const query = (q: string, overrides: Partial<SearchQuery> = {}): SearchQuery => ({
  q,
  categories: [],
  brands: [],
  sort: 'relevance',
  offset: 0,
  limit: 100,
  ...overrides,
});

const ids = (result: { hits: { doc: { id: string } }[] }) => result.hits.map((h) => h.doc.id).sort();

/** Made once, so two engines built from them hold byte-equal documents. */
const CATALOGUE = [
  searchDoc({ id: 'pump', name: 'Hydraulic gear pump', sku: 'HGP-1', brand: 'Bosch' }),
  searchDoc({ id: 'hose', name: 'Hydraulic hose 1/2"', sku: 'HH-2', brand: 'Parker' }),
  searchDoc({ id: 'glove', name: 'Safety gloves', sku: 'SG-3', brand: 'Uvex' }),
];

async function catalogue(options?: ConstructorParameters<typeof MiniSearchEngine>[0]) {
  const engine = new MiniSearchEngine(options);
  for (const doc of CATALOGUE) await engine.upsert(doc);
  return engine;
}

describe('a product change drops only the answers it can affect', () => {
  it('a new unrelated product keeps other answers; one that matches shows at once', async () => {
    const engine = await catalogue();
    const pump = await engine.search(query('pump'));
    const gloves = await engine.search(query('gloves'));
    await engine.upsert(searchDoc({ id: 'vane', name: 'Vane pump', sku: 'VP-4' }));
    // Related: recomputed, with the new product in it.
    expect(ids(await engine.search(query('pump')))).toEqual(['pump', 'vane']);
    // Unrelated: the remembered answer itself.
    expect(await engine.search(query('gloves'))).toBe(gloves);
    expect(pump.total).toBe(1);
  });

  it('a product reached by a typo, a prefix, a synonym or an exact code drops that query', async () => {
    const engine = await catalogue();
    const cases: [string, SearchDocument][] = [
      ['hydraulik', searchDoc({ id: 'n1', name: 'Hydraulic filter' })], // fuzzy: 1 edit
      ['hydr', searchDoc({ id: 'n2', name: 'Hydrant key' })], // prefix of the word being typed
      ['pieces', searchDoc({ id: 'n3', name: 'Cable ties, 100 pcs' })], // synonym: pcs = pieces
      ['zx 99', searchDoc({ id: 'n4', name: 'Adapter', sku: 'ZX-99' })], // exact code, no shared term
    ];
    for (const [q, doc] of cases) {
      const before = await engine.search(query(q));
      const unrelated = await engine.search(query('gloves'));
      await engine.upsert(doc);
      const after = await engine.search(query(q));
      expect(after, q).not.toBe(before);
      expect(ids(after), q).toContain(doc.id);
      expect(await engine.search(query('gloves')), q).toBe(unrelated);
    }
  });

  it('renaming a product out of a query drops it there; an archived product is gone at once', async () => {
    const engine = await catalogue();
    const gloves = await engine.search(query('gloves'));
    expect(ids(await engine.search(query('pump')))).toEqual(['pump']);
    await engine.upsert(
      searchDoc({ id: 'pump', name: 'Hydraulic gear motor', sku: 'HGP-1', brand: 'Bosch' }),
    );
    expect(ids(await engine.search(query('pump')))).toEqual([]);
    expect(ids(await engine.search(query('motor')))).toEqual(['pump']);
    expect(await engine.search(query('gloves'))).toBe(gloves);
    await engine.remove('hose');
    expect(ids(await engine.search(query('hydraulic')))).toEqual(['pump']);
    expect(await engine.search(query('gloves'))).toBe(gloves);
  });

  it('a stock or price change drops the answers the product is in, not the others', async () => {
    const engine = await catalogue();
    const inStock = { availability: ['in_stock' as const] };
    const hydraulic = await engine.search(query('hydraulic', inStock));
    const gloves = await engine.search(query('gloves', inStock));
    await engine.setAvailability('hose', 'out_of_stock');
    expect(ids(await engine.search(query('hydraulic', inStock)))).toEqual(['pump']);
    expect(await engine.search(query('gloves', inStock))).toBe(gloves);
    expect(hydraulic.total).toBe(2);

    const pump = engine.search(query('pump'));
    await engine.upsert(
      searchDoc({
        id: 'pump',
        name: 'Hydraulic gear pump',
        sku: 'HGP-1',
        brand: 'Bosch',
        listPrice: { amount: '99.50', currency: 'EUR' },
      }),
    );
    const repriced = await engine.search(query('pump'));
    expect(repriced).not.toBe(await pump);
    expect(repriced.hits[0]?.doc.listPrice.amount).toBe('99.50');
    expect(repriced.facets.price).toEqual([{ from: '50', to: '100', count: 1 }]);
    expect(await engine.search(query('gloves', inStock))).toBe(gloves);
  });

  it('browsing sees every change (its facets count every product)', async () => {
    const engine = await catalogue();
    const browse = await engine.search(query(''));
    expect(await engine.search(query(''))).toBe(browse);
    await engine.setAvailability('glove', 'low_stock');
    const after = await engine.search(query(''));
    expect(after).not.toBe(browse);
    expect(after.facets.availability).toEqual([
      { value: 'in_stock', count: 2 },
      { value: 'low_stock', count: 1 },
    ]);
  });
});

describe('scores after an unrelated change', () => {
  it('are kept for the refresh period, then recomputed to what a fresh engine answers', async () => {
    let now = 1_000_000;
    const engine = await catalogue({ now: () => now, scoreRefreshMs: 5_000 });
    const gloves = await engine.search(query('gloves'));
    const extra = searchDoc({
      id: 'drill',
      name: 'Cordless drill',
      sku: 'CD-5',
      description: 'long text '.repeat(20),
    });
    await engine.upsert(extra);
    now += 4_999;
    expect(await engine.search(query('gloves'))).toBe(gloves);
    now += 1;
    const refreshed = await engine.search(query('gloves'));
    expect(refreshed).not.toBe(gloves);
    const fresh = await catalogue();
    await fresh.upsert(extra);
    expect(refreshed).toEqual(await fresh.search(query('gloves')));
    // Positive control that the refresh mattered: the catalogue's statistics moved the score.
    expect(refreshed.hits[0]!.score).not.toBe(gloves.hits[0]!.score);
  });
});
