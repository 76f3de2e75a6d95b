/**
 * The search service end to end inside one process: product events through the docstore bus and
 * the real consumer, the index feed, the routes, and a second task that started late.
 */
import { pollUntil } from '@b2b/test-kit';
import fastJson from 'fast-json-stringify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_REFRESH_MS } from '../src/engine/minisearch-engine.ts';
import { SearchResponse } from '../src/schemas/search.ts';
import {
  productSnapshot,
  type SearchStack,
  startSearchStack,
  startTestServer,
  type TestServer,
} from './support/search-app.ts';

let server: TestServer;
let stack: SearchStack;

beforeAll(async () => {
  server = await startTestServer();
  stack = await startSearchStack(server);
});
afterAll(async () => {
  await stack?.close();
  await server?.close();
});

const search = async (query: string, token?: string) => {
  const res = await stack.task.call(`/search?${query}`, token ? { token } : {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const skusOf = (body: { items: { sku: string }[] }) => body.items.map((i) => i.sku);

describe('the index follows product events', () => {
  it('a created product is findable within 2 seconds, typos and all', async () => {
    const started = Date.now();
    const p = productSnapshot({ name: 'Hydraulic gear pump 12V', brand: 'Bosch Rexroth', sku: 'HGP-EVT-1' });
    // Positive control first: not there before the event.
    expect((await search('q=hydraulic%20gear')).total).toBe(0);
    await stack.publish('product.created', p);
    await pollUntil(async () => (await search('q=hydraulic%20gear')).total === 1, {
      timeoutMs: 2_000,
      message: 'created product findable',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(skusOf(await search('q=hydrualic'))).toEqual(['HGP-EVT-1']); // two letters swapped
    expect(skusOf(await search('q=hydraulik%20gaer'))).toEqual(['HGP-EVT-1']);
  });

  it('an archived product disappears, and a late older update does not bring it back', async () => {
    const p = productSnapshot({ name: 'Pallet truck 2500 kg', sku: 'PT-ARCH-1' });
    await stack.publish('product.created', p);
    await pollUntil(async () => (await search('q=pallet')).total === 1, { timeoutMs: 2_000 });
    await stack.publish('product.archived', { ...p, status: 'archived', version: 3 });
    await pollUntil(async () => (await search('q=pallet')).total === 0, {
      timeoutMs: 2_000,
      message: 'archived gone',
    });

    // Version 2 was delayed on the way: it arrives after the archive and must not resurrect it.
    const late = await stack.mongo.db.collection('processed_events').countDocuments();
    await stack.publish('product.updated', { ...p, name: 'Pallet truck 2500 kg (late)', version: 2 });
    await pollUntil(
      async () => (await stack.mongo.db.collection('processed_events').countDocuments()) > late,
      {
        message: 'late update handled',
      },
    );
    await stack.task.app.searchIndex.refresh();
    expect((await search('q=pallet')).total).toBe(0);
    // Positive control: a newer version does bring it back.
    await stack.publish('product.updated', {
      ...p,
      status: 'active',
      name: 'Pallet truck 2500 kg relisted',
      version: 4,
    });
    await pollUntil(async () => (await search('q=relisted')).total === 1, { timeoutMs: 2_000 });
  });

  it('a draft product is not findable until it is activated', async () => {
    const p = productSnapshot({ name: 'Forklift battery charger', sku: 'FBC-1', status: 'draft' });
    await stack.publish('product.created', p);
    await stack.publish('product.created', productSnapshot({ name: 'Forklift seat cushion', sku: 'FSC-1' }));
    await pollUntil(async () => (await search('q=forklift')).total === 1, { timeoutMs: 2_000 });
    expect(skusOf(await search('q=forklift'))).toEqual(['FSC-1']);
    await stack.publish('product.updated', { ...p, status: 'active', version: 2 });
    await pollUntil(async () => (await search('q=forklift')).total === 2, { timeoutMs: 2_000 });
  });
});

describe('ranking, facets and a second task', () => {
  const products = [
    productSnapshot({
      name: 'Hex screw M8 x 40, 100 pcs',
      brand: 'Würth',
      sku: 'WU-0840',
      categoryIds: ['cat-screws'],
      listPrice: { amount: '12.90', currency: 'EUR' },
    }),
    productSnapshot({
      name: 'Hex screw M10 x 50, 50 pcs',
      brand: 'Würth',
      sku: 'WU-1050',
      categoryIds: ['cat-screws'],
      listPrice: { amount: '15.50', currency: 'EUR' },
    }),
    productSnapshot({
      name: 'Wood screw 4 x 40',
      brand: 'Spax',
      sku: 'SP-440',
      categoryIds: ['cat-screws'],
      listPrice: { amount: '6.20', currency: 'EUR' },
    }),
    productSnapshot({
      name: 'Carriage bolt M8 x 60',
      brand: 'Fischer',
      sku: 'FI-860',
      categoryIds: ['cat-bolts'],
      listPrice: { amount: '0.35', currency: 'EUR' },
    }),
    productSnapshot({
      name: 'Adapter plate for WU-0840 screws',
      brand: 'Generic',
      sku: 'AD-0001',
      categoryIds: ['cat-other'],
      listPrice: { amount: '120.00', currency: 'EUR' },
    }),
  ];

  beforeAll(async () => {
    stack.catalog.categoryList = [
      { id: 'cat-fasteners', name: 'Fasteners', slug: 'fasteners', parentId: null },
      { id: 'cat-screws', name: 'Screws', slug: 'screws', parentId: 'cat-fasteners' },
      { id: 'cat-bolts', name: 'Bolts', slug: 'bolts', parentId: 'cat-fasteners' },
      { id: 'cat-other', name: 'Accessories', slug: 'accessories', parentId: null },
    ];
    await stack.task.app.searchCategories.refresh();
    for (const p of products) await stack.publish('product.created', p);
    for (const p of products) {
      await pollUntil(async () => (await search(`q=${p.sku}`)).items[0]?.sku === p.sku, {
        timeoutMs: 3_000,
        message: `${p.sku} indexed`,
      });
    }
  });

  it('the exact sku ranks first, before a product that only mentions it', async () => {
    const body = await search('q=wu-0840');
    expect(body.items[0]).toMatchObject({ sku: 'WU-0840', exactMatch: true });
    expect(skusOf(await search('q=WU0840'))[0]).toBe('WU-0840');
    expect(skusOf(await search('q=adapter%20plate'))).toEqual(['AD-0001']);
  });

  it('facet counts are right without and with a filter (each facet ignores its own filter)', async () => {
    const all = await search('q=screw');
    expect(all.total).toBe(4); // three screws and the adapter "for ... screws"
    expect(all.facets.brand).toEqual([
      { value: 'Würth', count: 2 },
      { value: 'Generic', count: 1 },
      { value: 'Spax', count: 1 },
    ]);
    const byBrand = await search(`q=screw&brand=${encodeURIComponent('wurth')}`);
    expect(skusOf(byBrand).sort()).toEqual(['WU-0840', 'WU-1050']);
    expect(byBrand.facets.brand).toEqual(all.facets.brand);
    expect(byBrand.facets.category).toEqual([
      { value: 'cat-fasteners', label: 'Fasteners', count: 2 },
      { value: 'cat-screws', label: 'Screws', count: 2 },
    ]);
    expect(byBrand.facets.price).toEqual([{ from: '10', to: '25', count: 2 }]);
    const cheap = await search('q=screw&maxPrice=13&sort=price');
    expect(skusOf(cheap)).toEqual(['SP-440', 'WU-0840']);
    expect(cheap.facets.price).toEqual(all.facets.price);
  });

  it('a category filter takes ids or slugs and includes sub-categories', async () => {
    expect((await search('category=fasteners')).total).toBe(4);
    expect(skusOf(await search('category=bolts'))).toEqual(['FI-860']);
    expect((await search('category=no-such-category')).total).toBe(0);
  });

  it("the product service's stock feed drives the availability facet and inStock within 2 s, in a late task too", async () => {
    const [m8, m10] = products;
    // Positive control: in stock, both hex screws pass inStock.
    for (const p of products) stack.stock.set(p.sku, 'in_stock');
    await pollUntil(async () => (await search('q=hex%20screw&inStock=true')).total === 2, {
      timeoutMs: 2_000,
      message: 'both in stock',
    });
    const changedAt = Date.now();
    stack.stock.set(m8!.sku, 'low_stock');
    stack.stock.set(m10!.sku.toLowerCase(), 'out_of_stock'); // the feed's key folds case
    await pollUntil(async () => (await search('q=hex%20screw&inStock=true')).total === 1, {
      timeoutMs: 2_000,
      message: 'out-of-stock product filtered',
    });
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    const inStock = await search('q=hex%20screw&inStock=true');
    expect(skusOf(inStock)).toEqual(['WU-0840']);
    expect(inStock.items[0].availability).toBe('low_stock');
    // The availability facet ignores its own filter: the out-of-stock one is still counted there.
    expect(inStock.facets.availability).toEqual([
      { value: 'low_stock', count: 1 },
      { value: 'out_of_stock', count: 1 },
    ]);
    // A new product version keeps the sku's stock status (events carry none).
    await stack.publish('product.updated', { ...m10!, name: 'Hex screw M10 x 50, 50 pcs, zinc', version: 2 });
    await pollUntil(async () => (await search('q=zinc')).total === 1, { timeoutMs: 2_000 });
    expect((await search('q=zinc')).items[0].availability).toBe('out_of_stock');

    // A task started now catches up on both feeds and answers the same facet.
    const late = await stack.startTask();
    await pollUntil(async () => (await late.call('/health/ready')).statusCode === 200, {
      timeoutMs: 5_000,
      message: 'late task ready',
    });
    const lateAnswer = (await late.call('/search?q=hex%20screw&inStock=true')).json();
    expect(lateAnswer.facets.availability).toEqual(inStock.facets.availability);
    expect(skusOf(lateAnswer)).toEqual(['WU-0840']);
  });

  it('is not ready until the stock feed caught up once (product service down from the start)', async () => {
    stack.stock.down = true;
    try {
      const task = await stack.startTask();
      const res = await task.call('/health/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json().checks['feed-stock']).toMatchObject({ status: 'down' });
      stack.stock.down = false;
      await pollUntil(async () => (await task.call('/health/ready')).statusCode === 200, {
        timeoutMs: 5_000,
        message: 'ready once the stock feed answers',
      });
    } finally {
      stack.stock.down = false;
    }
  });

  it('a second task started late answers exactly as the first', async () => {
    const second = await stack.startTask();
    // Ready (index caught up) and its category labels loaded (a non-critical check).
    await pollUntil(
      async () => {
        const res = await second.call('/health/ready');
        return res.statusCode === 200 && res.json().checks.categories.status === 'up';
      },
      { timeoutMs: 5_000, message: 'second task ready' },
    );
    for (const q of [
      'q=screw',
      'q=screw&brand=W%C3%BCrth',
      'category=fasteners&sort=-price',
      'q=hydrualic',
    ]) {
      const a = (await stack.task.call(`/search?${q}`)).json();
      const b = (await second.call(`/search?${q}`)).json();
      // At once: the same products, totals and facets (a remembered answer is never stale in these).
      const products = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();
      expect(products(b), q).toEqual(products(a));
      expect({ total: b.total, facets: b.facets }, q).toEqual({ total: a.total, facets: a.facets });
      // Byte for byte, scores included, once the first task's remembered scores are refreshed
      // (SCORE_REFRESH_MS after the last unrelated text change; at once when it had none).
      await pollUntil(
        async () => {
          const [x, y] = await Promise.all([stack.task.call(`/search?${q}`), second.call(`/search?${q}`)]);
          return JSON.stringify({ ...x.json(), tookMs: 0 }) === JSON.stringify({ ...y.json(), tookMs: 0 });
        },
        { timeoutMs: SCORE_REFRESH_MS + 2_000, message: `both tasks answer ${q} alike` },
      );
    }
    expect((await second.call('/search/suggest?q=he')).json()).toEqual(
      (await stack.task.call('/search/suggest?q=he')).json(),
    );
  });
});

describe('prices in results', () => {
  beforeAll(async () => {
    await stack.publish(
      'product.created',
      productSnapshot({
        name: 'Torque wrench 40-200 Nm',
        sku: 'TW-200',
        listPrice: { amount: '189.00', currency: 'EUR' },
      }),
    );
    await pollUntil(async () => (await search('q=torque')).total === 1, { timeoutMs: 2_000 });
    stack.catalog.companyPrices.set('acme', new Map([['TW-200', { amount: '151.20', currency: 'EUR' }]]));
  });

  it('a buyer sees the company price; anonymous callers the list price', async () => {
    const buyer = await search('q=torque', 'buyer.acme');
    expect(buyer.items[0]).toMatchObject({
      price: { amount: '151.20', currency: 'EUR' },
      priceSource: 'company',
      listPrice: { amount: '189.00', currency: 'EUR' },
    });
    expect(buyer.pricesStale).toBe(false);
    const anonymous = await search('q=torque');
    expect(anonymous.items[0]).toMatchObject({
      price: { amount: '189.00', currency: 'EUR' },
      priceSource: 'list',
    });
    expect(anonymous.pricesStale).toBe(false);
  });

  it('with the product service down the buyer gets list prices flagged stale, not an error', async () => {
    stack.catalog.down = true;
    try {
      const body = await search('q=torque', 'buyer.acme');
      expect(body.items[0]).toMatchObject({
        price: { amount: '189.00', currency: 'EUR' },
        priceSource: 'list',
      });
      expect(body.pricesStale).toBe(true);
    } finally {
      stack.catalog.down = false;
    }
    expect((await search('q=torque', 'buyer.acme')).pricesStale).toBe(false);
  });
});

describe('a company quote reused for a moment (SEARCH_PRICE_REUSE_MS)', () => {
  it('one quote per company and page while it lasts, never another company’s, a price change after it, a failure not kept', async () => {
    const reuseMs = 400;
    const task = await stack.startTask({ priceReuseMs: reuseMs });
    const priced = async (token: string) => {
      const res = await task.call('/search?q=torque', { token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { price: { amount: string } }[]; pricesStale: boolean };
    };
    await pollUntil(async () => (await task.call('/search?q=torque')).json().total === 1, {
      timeoutMs: 5_000,
    });
    stack.catalog.companyPrices.set('acme', new Map([['TW-200', { amount: '151.20', currency: 'EUR' }]]));
    stack.catalog.companyPrices.set('globex', new Map([['TW-200', { amount: '170.10', currency: 'EUR' }]]));

    // Control first: the task without reuse asks on every search.
    const direct = stack.catalog.quoteCalls;
    await search('q=torque', 'buyer.acme');
    await search('q=torque', 'buyer.acme');
    expect(stack.catalog.quoteCalls - direct).toBe(2);

    // Two searches at once on the task that reuses: one quote.
    const before = stack.catalog.quoteCalls;
    const [a, b] = await Promise.all([priced('buyer.acme'), priced('buyer.acme')]);
    expect([a.items[0]?.price.amount, b.items[0]?.price.amount]).toEqual(['151.20', '151.20']);
    expect(stack.catalog.quoteCalls - before).toBe(1);
    // Another company, same page: its own quote and its own price.
    expect((await priced('buyer.globex')).items[0]?.price.amount).toBe('170.10');
    expect(stack.catalog.quoteCalls - before).toBe(2);

    // A price change shows once the reuse has run out (polled, with a deadline past it).
    stack.catalog.companyPrices.set('acme', new Map([['TW-200', { amount: '140.00', currency: 'EUR' }]]));
    await pollUntil(async () => (await priced('buyer.acme')).items[0]?.price.amount === '140.00', {
      timeoutMs: reuseMs + 2_000,
      message: 'the new company price in search',
    });

    // A failed quote is not kept: list prices flagged stale, then the company price right after.
    stack.catalog.down = true;
    try {
      expect((await priced('buyer.initech')).pricesStale).toBe(true);
    } finally {
      stack.catalog.down = false;
    }
    stack.catalog.companyPrices.set('initech', new Map([['TW-200', { amount: '99.00', currency: 'EUR' }]]));
    const recovered = await priced('buyer.initech');
    expect(recovered.pricesStale).toBe(false);
    expect(recovered.items[0]?.price.amount).toBe('99.00');
    await task.close();
  });
});

describe('a remembered list-priced page', () => {
  it('is written with the bytes the response schema serializes, and changes with the catalogue at once', async () => {
    const serialize = fastJson(SearchResponse as object);
    const first = await stack.task.call('/search?q=torque');
    const again = await stack.task.call('/search?q=torque');
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    // The reused body is exactly what Fastify's serializer writes for the same object.
    expect(again.body).toBe(serialize(again.json()));
    expect({ ...again.json(), tookMs: 0 }).toEqual({ ...first.json(), tookMs: 0 });
    // Positive control: a priced page (not reused) and a changed catalogue answer differently.
    stack.catalog.companyPrices.set('acme', new Map([['TW-200', { amount: '151.20', currency: 'EUR' }]]));
    expect((await search('q=torque', 'buyer.acme')).items[0].price.amount).toBe('151.20');
    await stack.publish(
      'product.created',
      productSnapshot({
        name: 'Torque multiplier',
        sku: 'TM-1',
        listPrice: { amount: '450.00', currency: 'EUR' },
      }),
    );
    await pollUntil(async () => skusOf(await search('q=torque')).includes('TM-1'), { timeoutMs: 2_000 });
    const changed = await stack.task.call('/search?q=torque');
    expect(changed.body).toBe(serialize(changed.json()));
  });
});

describe('suggestions', () => {
  it('completes names (with product id and sku), brands and categories from two characters', async () => {
    const res = await stack.task.call('/search/suggest?q=he');
    expect(res.statusCode).toBe(200);
    const { suggestions } = res.json();
    expect(suggestions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'product', sku: 'WU-0840', text: 'Hex screw M8 x 40, 100 pcs' }),
      ]),
    );
    expect(suggestions.find((s: { sku?: string }) => s.sku === 'WU-0840').productId).toMatch(/^prod-/);
    expect((await stack.task.call('/search/suggest?q=wur')).json().suggestions).toContainEqual({
      text: 'Würth',
      kind: 'brand',
    });
    expect((await stack.task.call('/search/suggest?q=fasten')).json().suggestions).toContainEqual({
      text: 'Fasteners',
      kind: 'category',
    });
    expect((await stack.task.call('/search/suggest?q=h')).statusCode).toBe(400);
  });
});

describe('bad input', () => {
  const status = async (query: string) => (await stack.task.call(`/search?${query}`)).statusCode;

  it('refuses what is not a search with 400 problem+json, and accepts its valid neighbour', async () => {
    const long = await stack.task.call(`/search?q=${'a'.repeat(201)}`);
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await status(`q=${'a'.repeat(200)}`)).toBe(200);
    expect(await status('limit=101')).toBe(400);
    expect(await status('limit=100')).toBe(200);
    expect(await status('minPrice=10,5')).toBe(400);
    expect(await status('minPrice=10.5')).toBe(200);
    expect(await status('q[$gt]=')).toBe(400);
    expect(await status('q=%24gt')).toBe(200);
    // Operator-shaped filters of every kind, and their plain neighbours.
    expect(await status('brand[$ne]=x')).toBe(400);
    expect(await status('brand=%24ne')).toBe(200);
    expect(await status('category[$regex]=.*')).toBe(400);
    expect(await status('category=fasteners')).toBe(200);
    expect(await status('availability[$in]=in_stock')).toBe(400);
    expect(await status('availability=in_stock')).toBe(200);
    expect((await stack.task.call('/search/suggest?q[$gt]=ab')).statusCode).toBe(400);
    expect((await stack.task.call('/search/suggest?q=%24gt')).statusCode).toBe(200);
    expect(await status('sort=cheapest')).toBe(400);
  });

  it('minPrice above maxPrice is a 400 naming the field; equal bounds are fine', async () => {
    const res = await stack.task.call('/search?minPrice=20&maxPrice=10');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PRICE_RANGE_INVERTED', errors: [{ path: '/minPrice' }] });
    expect(await status('minPrice=10&maxPrice=10')).toBe(200);
  });

  it('an unknown brand is an empty result; regex characters are plain text', async () => {
    const body = await search('brand=No%20Such%20Brand');
    expect(body.total).toBe(0);
    expect(body.items).toEqual([]);
    expect((await search('q=.*%5B(')).total).toBe(0);
    expect((await search('q=screw.*')).total).toBeGreaterThan(0);
  });

  it('the index feed is for platform services only', async () => {
    expect((await stack.task.call('/internal/feeds/search-index')).statusCode).toBe(401);
    const res = await stack.task.app.inject({
      method: 'GET',
      url: '/internal/feeds/search-index',
      headers: { 'x-service-credential': 'test-service-credential-0123456789abcdef' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThan(0);
  });
});
