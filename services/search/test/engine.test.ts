import { beforeEach, describe, expect, it } from 'vitest';
import { MiniSearchEngine } from '../src/engine/minisearch-engine.ts';
import type { SearchDocument, SearchQuery } from '../src/engine/port.ts';
import { searchDoc } from './support/products.ts';

function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return {
    q: '',
    categories: [],
    brands: [],
    sort: 'relevance',
    offset: 0,
    limit: 20,
    ...overrides,
  };
}

async function engineWith(docs: SearchDocument[]): Promise<MiniSearchEngine> {
  const engine = new MiniSearchEngine();
  for (const doc of docs) await engine.upsert(doc);
  return engine;
}

async function ids(engine: MiniSearchEngine, overrides: Partial<SearchQuery>): Promise<string[]> {
  return (await engine.search(query(overrides))).hits.map((h) => h.doc.id);
}

describe('text matching', () => {
  let engine: MiniSearchEngine;
  beforeEach(async () => {
    engine = await engineWith([
      searchDoc({ id: 'pump', name: 'Hydraulic gear pump 12V', brand: 'Bosch Rexroth', sku: 'HGP-1200' }),
      searchDoc({ id: 'screw', name: 'Hex screw M8 x 40, 100 pcs', brand: 'Würth', sku: 'WU-8840' }),
      searchDoc({ id: 'bolt', name: 'Carriage bolt M8 x 60', brand: 'Fischer', sku: 'FI-8860' }),
      searchDoc({ id: 'glove', name: 'Schweißerhandschuh Größe 10', brand: 'Uvex', sku: 'UV-10' }),
    ]);
  });

  it('finds a product by a word of its name, and nothing for an unrelated word', async () => {
    expect(await ids(engine, { q: 'pump' })).toEqual(['pump']);
    expect(await ids(engine, { q: 'turbine' })).toEqual([]);
  });

  it('a query of punctuation only finds nothing; an empty one browses everything', async () => {
    expect(await ids(engine, { q: '.*(' })).toEqual([]);
    expect(await ids(engine, { q: ' ' })).toHaveLength(4);
  });

  it('tolerates one and two wrong letters in longer words, but not in short codes', async () => {
    expect(await ids(engine, { q: 'hydraulik' })).toEqual(['pump']); // 1 substitution
    expect(await ids(engine, { q: 'hydrualic' })).toEqual(['pump']); // 2 edits (swapped letters)
    expect(await ids(engine, { q: 'hidrualic' })).toEqual([]); // 3 edits: too far
    // "m8" with one wrong letter is another size: exact only.
    expect(await ids(engine, { q: 'm9' })).toEqual([]);
    expect((await ids(engine, { q: 'm8' })).sort()).toEqual(['bolt', 'screw']);
  });

  it('completes the word being typed (prefix)', async () => {
    expect(await ids(engine, { q: 'hydr' })).toEqual(['pump']);
    expect(await ids(engine, { q: 'gear pu' })).toEqual(['pump']);
  });

  it('folds accents and case on both sides', async () => {
    expect(await ids(engine, { q: 'SCHWEISSERHANDSCHUH' })).toEqual(['glove']);
    expect(await ids(engine, { q: 'grosse' })).toEqual(['glove']);
    expect(await ids(engine, { q: 'wurth' })).toEqual(['screw']);
    expect(await ids(engine, { q: 'M8 HEX' })).toEqual(['screw']);
  });

  it('matches B2B synonyms ("pieces" is "pcs") but keeps screws and bolts apart', async () => {
    expect(await ids(engine, { q: 'hex 100 pieces' })).toEqual(['screw']);
    expect(await ids(engine, { q: 'hex 100 pcs' })).toEqual(['screw']);
    expect(await ids(engine, { q: 'screw' })).toEqual(['screw']);
    expect(await ids(engine, { q: 'bolt' })).toEqual(['bolt']);
  });

  it('ranks the exact sku first, also typed without separators or in lower case', async () => {
    const withMention = await engineWith([
      searchDoc({ id: 'other', name: 'Adapter for HGP-1200 pumps', sku: 'AD-1' }),
      searchDoc({ id: 'pump', name: 'Gear pump', sku: 'HGP-1200' }),
    ]);
    for (const q of ['HGP-1200', 'hgp1200', 'hgp 1200']) {
      const result = await withMention.search(query({ q }));
      expect(result.hits[0]?.doc.id, q).toBe('pump');
      expect(result.hits[0]?.exactCode).toBe(true);
    }
    // Positive control: by words, the product named after the code is the better text match.
    expect((await withMention.search(query({ q: 'adapter' }))).hits.map((h) => h.doc.id)).toEqual(['other']);
  });

  it('finds a part number held in the attributes exactly', async () => {
    const e = await engineWith([
      searchDoc({ id: 'a', name: 'Bearing', attributes: { 'Manufacturer part number': '6204-2RS' } }),
      searchDoc({ id: 'b', name: 'Bearing 6204 open', attributes: { colour: 'black' } }),
    ]);
    const hits = (await e.search(query({ q: '62042rs' }))).hits;
    expect(hits.map((h) => [h.doc.id, h.exactCode])).toEqual([['a', true]]);
  });

  it('ranks a name match over a brand match over a description match', async () => {
    const e = await engineWith([
      searchDoc({
        id: 'desc',
        name: 'Cutting disc',
        brand: 'Klingspor',
        description: 'fits every makita grinder',
      }),
      searchDoc({ id: 'brand', name: 'Angle grinder disc', brand: 'Makita' }),
      searchDoc({ id: 'name', name: 'Makita angle grinder', brand: 'Generic' }),
    ]);
    expect(await ids(e, { q: 'makita' })).toEqual(['name', 'brand', 'desc']);
  });

  it('a removed product is no longer found; an updated one is found by its new name only', async () => {
    await engine.remove('pump');
    expect(await ids(engine, { q: 'pump' })).toEqual([]);
    await engine.upsert(
      searchDoc({ id: 'bolt', name: 'Anchor bolt M12', brand: 'Fischer', sku: 'FI-8860', version: 2 }),
    );
    expect(await ids(engine, { q: 'carriage' })).toEqual([]);
    expect(await ids(engine, { q: 'anchor' })).toEqual(['bolt']);
    expect(engine.size()).toBe(3);
  });
});

describe('facets, filters and sorts', () => {
  let engine: MiniSearchEngine;
  beforeEach(async () => {
    engine = await engineWith([
      searchDoc({
        id: 'd1',
        name: 'Drill bit 6 mm',
        brand: 'Bosch',
        categoryIds: ['bits'],
        listPrice: { amount: '4.99', currency: 'EUR' },
      }),
      searchDoc({
        id: 'd2',
        name: 'Drill bit 8 mm',
        brand: 'Bosch',
        categoryIds: ['bits'],
        listPrice: { amount: '6.50', currency: 'EUR' },
        availability: 'out_of_stock',
      }),
      searchDoc({
        id: 'd3',
        name: 'Drill bit set',
        brand: 'Makita',
        categoryIds: ['bits'],
        listPrice: { amount: '39.00', currency: 'EUR' },
      }),
      searchDoc({
        id: 'd4',
        name: 'Cordless drill',
        brand: 'Makita',
        categoryIds: ['drills'],
        listPrice: { amount: '129.00', currency: 'EUR' },
        availability: 'low_stock',
      }),
      searchDoc({
        id: 'x1',
        name: 'Safety glasses',
        brand: 'Uvex',
        categoryIds: ['ppe'],
        listPrice: { amount: '9.90', currency: 'EUR' },
      }),
    ]);
    await engine.setCategories([
      { id: 'tools', name: 'Power tools', slug: 'power-tools', parentId: null },
      { id: 'bits', name: 'Drill bits', slug: 'drill-bits', parentId: 'tools' },
      { id: 'drills', name: 'Drills', slug: 'drills', parentId: 'tools' },
      { id: 'ppe', name: 'Safety', slug: 'safety', parentId: null },
    ]);
  });

  it('counts every facet on the matching products', async () => {
    const r = await engine.search(query({ q: 'drill' }));
    expect(r.total).toBe(4);
    expect(r.facets.brand).toEqual([
      { value: 'Bosch', count: 2 },
      { value: 'Makita', count: 2 },
    ]);
    expect(r.facets.category).toEqual([
      { value: 'tools', label: 'Power tools', count: 4 },
      { value: 'bits', label: 'Drill bits', count: 3 },
      { value: 'drills', label: 'Drills', count: 1 },
    ]);
    expect(r.facets.price).toEqual([
      { from: '0', to: '5', count: 1 },
      { from: '5', to: '10', count: 1 },
      { from: '25', to: '50', count: 1 },
      { from: '100', to: '250', count: 1 },
    ]);
    expect(r.facets.availability).toEqual([
      { value: 'in_stock', count: 2 },
      { value: 'low_stock', count: 1 },
      { value: 'out_of_stock', count: 1 },
    ]);
  });

  it('a brand filter narrows the other facets, while the brand facet still counts the other brands', async () => {
    const r = await engine.search(query({ q: 'drill', brands: ['makita'] }));
    expect(r.hits.map((h) => h.doc.id).sort()).toEqual(['d3', 'd4']);
    expect(r.total).toBe(2);
    expect(r.facets.brand).toEqual([
      { value: 'Bosch', count: 2 },
      { value: 'Makita', count: 2 },
    ]);
    expect(r.facets.category).toEqual([
      { value: 'tools', label: 'Power tools', count: 2 },
      { value: 'bits', label: 'Drill bits', count: 1 },
      { value: 'drills', label: 'Drills', count: 1 },
    ]);
    expect(r.facets.availability).toEqual([
      { value: 'in_stock', count: 1 },
      { value: 'low_stock', count: 1 },
    ]);
  });

  it('two filters: each facet is counted on the other filter only', async () => {
    const r = await engine.search(
      query({ q: 'drill', brands: ['Bosch'], availability: ['in_stock', 'low_stock'] }),
    );
    expect(r.hits.map((h) => h.doc.id)).toEqual(['d1']);
    // Brand counts ignore the brand filter but keep the availability one: d2 (out of stock) is gone.
    expect(r.facets.brand).toEqual([
      { value: 'Makita', count: 2 },
      { value: 'Bosch', count: 1 },
    ]);
    // Availability counts ignore availability but keep the brand: both Bosch bits.
    expect(r.facets.availability).toEqual([
      { value: 'in_stock', count: 1 },
      { value: 'out_of_stock', count: 1 },
    ]);
  });

  it('an empty availability list matches nothing, an absent one everything', async () => {
    expect(await ids(engine, { availability: [] })).toEqual([]);
    expect(await ids(engine, {})).toHaveLength(5);
  });

  it('a parent category matches its children; an unknown brand is an empty result, not an error', async () => {
    expect((await ids(engine, { categories: ['tools'] })).sort()).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(await ids(engine, { categories: ['drills'] })).toEqual(['d4']);
    expect(await ids(engine, { categories: ['drills', 'safety'] })).toEqual(['x1', 'd4']); // id or slug
    expect(await ids(engine, { categories: ['no-such-category'] })).toEqual([]);
    const none = await engine.search(query({ brands: ['No Such Brand'] }));
    expect(none.total).toBe(0);
    expect(none.facets.brand.length).toBeGreaterThan(0);
  });

  it('filters by price bounds (inclusive) and sorts by price both ways', async () => {
    const units = (amount: string) => BigInt(Math.round(Number(amount))) * 10_000n;
    expect(
      await ids(engine, { q: 'drill', minPrice: units('5'), maxPrice: units('39'), sort: 'price' }),
    ).toEqual(['d2', 'd3']);
    expect(await ids(engine, { sort: '-price' })).toEqual(['d4', 'd3', 'x1', 'd2', 'd1']);
    expect(await ids(engine, { sort: 'price' })).toEqual(['d1', 'd2', 'x1', 'd3', 'd4']);
  });

  it('sorts by newest, and pages without overlap', async () => {
    expect(await ids(engine, { sort: 'newest' })).toEqual(['x1', 'd4', 'd3', 'd2', 'd1']);
    const first = await ids(engine, { sort: 'newest', limit: 2 });
    const second = await ids(engine, { sort: 'newest', limit: 2, offset: 2 });
    expect([...first, ...second]).toEqual(['x1', 'd4', 'd3', 'd2']);
  });

  it('pages of a large result are the slices of the full order, for every sort', async () => {
    const many = await engineWith(
      Array.from({ length: 120 }, (_, i) =>
        searchDoc({
          id: `m${String(i).padStart(3, '0')}`,
          name: `Cable tie ${i % 7 === 0 ? 'black' : 'white'} ${i}`,
          listPrice: { amount: `${(i * 37) % 50}.${String(i % 100).padStart(2, '0')}`, currency: 'EUR' },
        }),
      ),
    );
    for (const sort of ['relevance', 'price', '-price', 'newest'] as const) {
      const all = await ids(many, { q: 'cable tie', sort, limit: 100 });
      const paged: string[] = [];
      for (let page = 0; page < 5; page++)
        paged.push(...(await ids(many, { q: 'cable tie', sort, offset: page * 7, limit: 7 })));
      expect(paged, sort).toEqual(all.slice(0, 35));
    }
    const byPrice = (await many.search(query({ sort: 'price', limit: 100 }))).hits.map((h) =>
      Number(h.doc.listPrice.amount),
    );
    expect(byPrice).toEqual([...byPrice].sort((a, b) => a - b));
  });

  it('finds products by the name of their category', async () => {
    expect(await ids(engine, { q: 'safety' })).toEqual(['x1']);
    expect((await ids(engine, { q: 'power tools' })).sort()).toEqual(['d1', 'd2', 'd3', 'd4']);
  });
});

describe('suggestions', () => {
  let engine: MiniSearchEngine;
  beforeEach(async () => {
    engine = await engineWith([
      searchDoc({
        id: 'p1',
        name: 'Hydraulic hose 1/2"',
        brand: 'Parker',
        sku: 'PA-12',
        categoryIds: ['hyd'],
      }),
      searchDoc({ id: 'p2', name: 'Hydraulic cylinder', brand: 'Hydac', sku: 'HY-1', categoryIds: ['hyd'] }),
      searchDoc({
        id: 'p3',
        name: 'Pallet truck',
        brand: 'Jungheinrich',
        sku: 'JH-3',
        categoryIds: ['other'],
      }),
    ]);
    await engine.setCategories([
      { id: 'hyd', name: 'Hydraulics', slug: 'hydraulics', parentId: null },
      { id: 'empty', name: 'Hydrogen cells', slug: 'hydrogen', parentId: null },
      { id: 'other', name: 'Warehouse', slug: 'warehouse', parentId: null },
    ]);
  });

  it('completes products (with id and sku), brands and categories from two characters', async () => {
    const s = await engine.suggest('hy', 10);
    expect(s).toEqual(
      expect.arrayContaining([
        { text: 'Hydraulic hose 1/2"', kind: 'product', productId: 'p1', sku: 'PA-12' },
        { text: 'Hydraulic cylinder', kind: 'product', productId: 'p2', sku: 'HY-1' },
        { text: 'Hydac', kind: 'brand' },
        { text: 'Hydraulics', kind: 'category' },
      ]),
    );
    // A category without products is not suggested; a product that does not start so is not either.
    expect(s.map((x) => x.text)).not.toContain('Hydrogen cells');
    expect(s.map((x) => x.text)).not.toContain('Pallet truck');
    expect(await engine.suggest('h', 10)).toEqual([]);
  });

  it('narrows with more words and respects the limit', async () => {
    expect(await engine.suggest('hydraulic ho', 10)).toEqual([
      { text: 'Hydraulic hose 1/2"', kind: 'product', productId: 'p1', sku: 'PA-12' },
    ]);
    expect(await engine.suggest('hy', 2)).toHaveLength(2);
  });

  it('a one-letter last word narrows to texts with a later word starting with it', async () => {
    expect((await engine.suggest('hydraulic c', 10)).map((s) => s.text)).toEqual(['Hydraulic cylinder']);
    expect((await engine.suggest('hydraulic h', 10)).map((s) => s.text)).toEqual(['Hydraulic hose 1/2"']);
    // "h" is not taken from "hydraulic" itself: no product has another word starting with "x".
    expect(await engine.suggest('hydraulic x', 10)).toEqual([]);
    expect((await engine.suggest('pallet t', 10)).map((s) => s.text)).toEqual(['Pallet truck']);
  });

  it('forgets a brand when its last product goes', async () => {
    expect((await engine.suggest('jung', 10)).map((s) => s.text)).toContain('Jungheinrich');
    await engine.remove('p3');
    expect(await engine.suggest('jung', 10)).toEqual([]);
  });
});

describe('determinism across tasks', () => {
  it('two engines that reached the same products by different histories answer the same', async () => {
    const final = [
      searchDoc({ id: 'a', name: 'Steel wire rope 6 mm', brand: 'Pfeifer' }),
      searchDoc({ id: 'b', name: 'Wire rope clamp', brand: 'Pfeifer' }),
      searchDoc({ id: 'c', name: 'Rope pulley', brand: 'Generic' }),
    ];
    const fresh = await engineWith(final);
    const replayed = new MiniSearchEngine();
    await replayed.upsert(searchDoc({ id: 'b', name: 'Old rope name', brand: 'Pfeifer' }));
    await replayed.upsert(searchDoc({ id: 'gone', name: 'Rope ladder' }));
    for (const doc of [...final].reverse()) await replayed.upsert(doc);
    await replayed.remove('gone');
    for (const q of ['rope', 'wire rope', 'pfeifer', 'rop']) {
      expect(await replayed.search(query({ q })), q).toEqual(await fresh.search(query({ q })));
    }
    for (const q of ['ro', 'wire', 'pf'])
      expect(await replayed.suggest(q, 10), q).toEqual(await fresh.suggest(q, 10));
  });
});
