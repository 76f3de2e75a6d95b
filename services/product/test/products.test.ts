import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProductApp,
  startProductApp,
  startTestServer,
  type TestServer,
  uniqueSku,
} from './support/product-app.ts';

let server: TestServer;
let p: ProductApp;
beforeAll(async () => {
  server = await startTestServer();
  p = await startProductApp(server);
});
afterAll(async () => {
  await p?.close();
  await server?.close();
});

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('POST /admin/products', () => {
  it('creates a product with defaults, version 1, and no stock yet', async () => {
    const sku = uniqueSku('BOLT');
    const res = await p.call('POST', '/admin/products', {
      token: p.adminToken,
      body: {
        sku,
        name: 'Hex bolt M8 × 40, zinc plated',
        brand: 'Fastenal',
        attributes: { thread: 'M8', length: '40 mm' },
        listPrice: eur('0.35'),
        priceTiers: [
          { minQuantity: 1000, price: eur('0.25') },
          { minQuantity: 100, price: eur('0.30') },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      sku,
      name: 'Hex bolt M8 × 40, zinc plated',
      description: '',
      brand: 'Fastenal',
      categoryIds: [],
      attributes: { thread: 'M8', length: '40 mm' },
      images: [],
      listPrice: eur('0.35'),
      price: eur('0.35'),
      // Stored ascending whatever the order sent.
      priceTiers: [
        { minQuantity: 100, price: eur('0.30') },
        { minQuantity: 1000, price: eur('0.25') },
      ],
      minOrderQuantity: 1,
      orderMultiple: 1,
      stock: { available: 0, status: 'out_of_stock' },
      status: 'draft',
      version: 1,
    });
    expect(body.slug).toBe(`hex-bolt-m8-40-zinc-plated-${sku.toLowerCase()}`);
    expect(Object.keys(body).sort()).toEqual(
      [
        'id',
        'sku',
        'name',
        'slug',
        'description',
        'brand',
        'categoryIds',
        'attributes',
        'images',
        'listPrice',
        'price',
        'priceTiers',
        'minOrderQuantity',
        'orderMultiple',
        'stock',
        'status',
        'version',
        'createdAt',
        'updatedAt',
      ].sort(),
    );
    const [created] = (await p.outboxEvents('product.created')).filter((e) => e.data.productId === body.id);
    expect(created?.data).toMatchObject({
      productId: body.id,
      sku,
      version: 1,
      status: 'draft',
      listPrice: eur('0.35'),
    });
  });

  it('refuses a duplicate sku whatever its case (409), accepts a different one', async () => {
    const sku = uniqueSku('dup');
    await p.product({ sku });
    const again = await p.call('POST', '/admin/products', {
      token: p.adminToken,
      body: { sku: sku.toLowerCase(), name: 'Other', listPrice: eur('1.00') },
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.json()).toMatchObject({ status: 409, code: 'SKU_TAKEN' });
    const other = await p.call('POST', '/admin/products', {
      token: p.adminToken,
      body: { sku: `${sku}-B`, name: 'Other', listPrice: eur('1.00') },
    });
    expect(other.statusCode).toBe(201);
  });

  it.each([
    ['a number as amount', { listPrice: { amount: 10, currency: 'EUR' } }, 'VALIDATION_FAILED'],
    ['a negative amount', { listPrice: eur('-1.00') }, 'VALIDATION_FAILED'],
    ['a zero amount', { listPrice: eur('0.00') }, 'INVALID_AMOUNT'],
    ['more than 4 decimals', { listPrice: eur('1.00001') }, 'VALIDATION_FAILED'],
    ['an unknown field', { colour: 'red' }, 'VALIDATION_FAILED'],
    [
      'a tier in another currency',
      { priceTiers: [{ minQuantity: 10, price: { amount: '1.00', currency: 'USD' } }] },
      'CURRENCY_MISMATCH',
    ],
    [
      'two tiers at one quantity',
      {
        priceTiers: [
          { minQuantity: 10, price: eur('1.00') },
          { minQuantity: 10, price: eur('0.90') },
        ],
      },
      'DUPLICATE_TIER',
    ],
    ['a fractional order multiple', { orderMultiple: 2.5 }, 'VALIDATION_FAILED'],
    ['a zero minimum order quantity', { minOrderQuantity: 0 }, 'VALIDATION_FAILED'],
    ['an unknown category', { categoryIds: ['no-such-category'] }, 'UNKNOWN_CATEGORY'],
    ['status archived on create', { status: 'archived' }, 'VALIDATION_FAILED'],
  ])('refuses %s with a 400 problem', async (_label, overrides, code) => {
    const res = await p.call('POST', '/admin/products', {
      token: p.adminToken,
      body: { sku: uniqueSku(), name: 'Washer', listPrice: eur('2.50'), ...overrides },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, code });
  });

  it('accepts unit prices with up to 4 decimals whatever the currency (a screw at 0.0125)', async () => {
    const res = await p.call('POST', '/admin/products', {
      token: p.adminToken,
      body: { sku: uniqueSku(), name: 'Screw', listPrice: eur('0.0125') },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().listPrice).toEqual(eur('0.0125'));
  });

  it('positive control for the refusals: the same body without the fault is created', async () => {
    const res = await p.call('POST', '/admin/products', {
      token: p.adminToken,
      body: {
        sku: uniqueSku(),
        name: 'Washer',
        listPrice: eur('2.50'),
        priceTiers: [{ minQuantity: 10, price: eur('2.00') }],
      },
    });
    expect(res.statusCode).toBe(201);
  });

  it('is for admins only: 401 anonymous, 403 for a buyer', async () => {
    const body = { sku: uniqueSku(), name: 'Nut', listPrice: eur('1.00') };
    expect((await p.call('POST', '/admin/products', { body })).statusCode).toBe(401);
    const buyer = await p.tokens.member('company-a');
    expect((await p.call('POST', '/admin/products', { token: buyer, body })).statusCode).toBe(403);
  });
});

describe('visibility, PATCH and archive', () => {
  it('shows drafts and archived products to admins only, bumping the version on each change', async () => {
    const draft = await p.product({ status: 'draft' });
    const buyer = await p.tokens.member('company-v');
    for (const token of [undefined, buyer]) {
      expect((await p.call('GET', `/products/${draft.id}`, { token })).statusCode).toBe(404);
      expect((await p.call('GET', `/products/${draft.sku}`, { token })).statusCode).toBe(404);
    }
    expect((await p.call('GET', `/products/${draft.id}`, { token: p.adminToken })).statusCode).toBe(200);

    const activated = await p.call('PATCH', `/admin/products/${draft.id}`, {
      token: p.adminToken,
      body: { status: 'active', name: 'Renamed bolt' },
    });
    expect(activated.statusCode).toBe(200);
    expect(activated.json()).toMatchObject({ status: 'active', name: 'Renamed bolt', version: 2 });
    // Now visible to everyone, by id and by sku in any case.
    expect((await p.call('GET', `/products/${draft.id}`)).json()).toMatchObject({ id: draft.id, version: 2 });
    expect((await p.call('GET', `/products/${draft.sku.toLowerCase()}`, { token: buyer })).statusCode).toBe(
      200,
    );

    const archived = await p.call('DELETE', `/admin/products/${draft.id}`, { token: p.adminToken });
    expect(archived.statusCode).toBe(204);
    expect((await p.call('GET', `/products/${draft.id}`)).statusCode).toBe(404);
    const seenByAdmin = await p.call('GET', `/products/${draft.id}`, { token: p.adminToken });
    expect(seenByAdmin.json()).toMatchObject({ status: 'archived', version: 3 });

    const events = [
      ...(await p.outboxEvents('product.created')),
      ...(await p.outboxEvents('product.updated')),
      ...(await p.outboxEvents('product.archived')),
    ].filter((e) => e.data.productId === draft.id);
    expect(events.map((e) => [e.type, e.data.version])).toEqual([
      ['product.created', 1],
      ['product.updated', 2],
      ['product.archived', 3],
    ]);
  });

  it('PATCH refuses a tier price in another currency than the product, and an empty body', async () => {
    const product = await p.product();
    const wrong = await p.call('PATCH', `/admin/products/${product.id}`, {
      token: p.adminToken,
      body: { priceTiers: [{ minQuantity: 5, price: { amount: '9.00', currency: 'USD' } }] },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('CURRENCY_MISMATCH');
    expect(
      (await p.call('PATCH', `/admin/products/${product.id}`, { token: p.adminToken, body: {} })).statusCode,
    ).toBe(400);
    const right = await p.call('PATCH', `/admin/products/${product.id}`, {
      token: p.adminToken,
      body: { priceTiers: [{ minQuantity: 5, price: eur('9.00') }] },
    });
    expect(right.statusCode).toBe(200);
    expect(right.json().priceTiers).toEqual([{ minQuantity: 5, price: eur('9.00') }]);
  });

  it('PATCH to a sku another product has is a 409', async () => {
    const a = await p.product();
    const b = await p.product();
    const res = await p.call('PATCH', `/admin/products/${b.id}`, {
      token: p.adminToken,
      body: { sku: a.sku.toLowerCase() },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SKU_TAKEN');
  });

  it('unknown product ids are 404 for admins too', async () => {
    const res = await p.call('PATCH', '/admin/products/nope', { token: p.adminToken, body: { name: 'x' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('PRODUCT_NOT_FOUND');
  });
});

describe('GET /products lists', () => {
  it('searches by name, sku and brand; sorts by name, price and newest; pages', async () => {
    const tag = uniqueSku('Q').replace(/-/g, '');
    const made: { id: string; sku: string }[] = [];
    for (const [name, amount, brand] of [
      ['Alpha gloves', '5.00', 'Ansell'],
      ['Charlie gloves', '1.50', 'Ansell'],
      ['Bravo gloves', '3.25', 'Uvex'],
    ] as const) {
      made.push(await p.product({ name: `${name} ${tag}`, listPrice: eur(amount), brand }));
    }
    await p.product({ name: `Hidden draft ${tag}`, status: 'draft' });

    const byName = await p.call('GET', `/products?q=${tag}&sort=name`);
    expect(byName.statusCode).toBe(200);
    expect(byName.json()).toMatchObject({ total: 3, page: 1, limit: 20 });
    expect(byName.json().items.map((i: { name: string }) => i.name.split(' ')[0])).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
    ]);

    const byPrice = (await p.call('GET', `/products?q=${tag}&sort=-price`)).json();
    expect(byPrice.items.map((i: { listPrice: { amount: string } }) => i.listPrice.amount)).toEqual([
      '5.00',
      '3.25',
      '1.50',
    ]);
    const newest = (await p.call('GET', `/products?q=${tag}&sort=newest`)).json();
    expect(newest.items[0].id).toBe(made[2]!.id);

    const page2 = (await p.call('GET', `/products?q=${tag}&sort=name&limit=2&page=2`)).json();
    expect(page2).toMatchObject({ total: 3, page: 2, limit: 2 });
    expect(page2.items.map((i: { id: string }) => i.id)).toEqual([made[1]!.id]);

    // By sku (case-insensitive substring) and by brand.
    const bySku = (await p.call('GET', `/products?q=${made[0]!.sku.toLowerCase()}`)).json();
    expect(bySku.items.map((i: { id: string }) => i.id)).toEqual([made[0]!.id]);
    expect(
      (await p.call('GET', `/products?q=uvex&limit=100`))
        .json()
        .items.some((i: { id: string }) => i.id === made[2]!.id),
    ).toBe(true);
    // Admins also see the draft.
    expect((await p.call('GET', `/products?q=${tag}`, { token: p.adminToken })).json().total).toBe(4);
  });

  it('finds q from the start of any word of name, sku or brand, case-insensitively, not mid-word', async () => {
    const tag = uniqueSku('W').replace(/-/g, '');
    const made = await p.product({ name: `Nitrile gloves ${tag} blue`, brand: 'Ansell Healthcare' });
    const ids = async (q: string) =>
      (await p.call('GET', `/products?q=${encodeURIComponent(q)}&limit=100`, { token: p.adminToken }))
        .json()
        .items.map((i: { id: string }) => i.id);
    for (const q of [
      tag,
      tag.toLowerCase(),
      `${tag} BLUE`,
      `gloves   ${tag}`,
      made.sku,
      made.sku.toLowerCase(),
    ]) {
      expect(await ids(q)).toEqual([made.id]);
    }
    expect(await ids('healthc')).toContain(made.id);
    // Not from the middle of a word, nor words in another order.
    expect(await ids(tag.slice(2))).toEqual([]);
    expect(await ids(`blue ${tag}`)).toEqual([]);
    // A q longer than the stored keys is narrowed by them and then checked whole.
    const long = await p.product({ name: `${tag} ${'x'.repeat(45)} end` });
    expect(await ids(`${tag} ${'x'.repeat(45)} end`)).toEqual([long.id]);
    expect(await ids(`${tag} ${'x'.repeat(45)} other`)).toEqual([]);
  });

  it('answers an admin ?q= list through the search index, not by reading every product', async () => {
    const tag = uniqueSku('IX').replace(/-/g, '');
    const rows = Array.from({ length: 300 }, (_, i) => ({
      sku: `${tag}-${i}`,
      name: i % 100 === 0 ? `Wanted ${tag} ${i}` : `Filler item ${i}`,
      listPrice: { amount: '1.00', currency: 'EUR' },
      status: i % 2 ? 'active' : 'draft',
    }));
    const imported = await p.call('POST', '/admin/products/import', { token: p.adminToken, body: rows });
    expect(imported.json()).toMatchObject({ created: 300, errors: [] });
    const metrics = async () => {
      const s = await p.mongo.db.admin().command({ serverStatus: 1 });
      return {
        scanned: s.metrics.queryExecutor.scannedObjects,
        scans: s.metrics.queryExecutor.collectionScans.total,
      };
    };
    for (const sort of ['name', '-price', 'newest']) {
      const before = await metrics();
      const res = await p.call('GET', `/products?q=wanted%20${tag}&sort=${sort}`, { token: p.adminToken });
      const after = await metrics();
      expect(res.json()).toMatchObject({ total: 3 });
      expect(after.scans - before.scans).toBe(0);
      // The 3 matches for the page and for the count (once per 5 s), their 3 stock documents:
      // nowhere near the 300 imported.
      expect(after.scanned - before.scanned).toBeLessThanOrEqual(9);
    }
    // Positive control: an unindexed read of the same collection does show as a scan.
    const before = await metrics();
    await p.mongo.db.collection('products').countDocuments({ name: /wanted/i });
    expect((await metrics()).scans - before.scans).toBe(1);
  });

  it('pages by cursor through every product in each sort order, the same items as one big page', async () => {
    const tag = uniqueSku('K').replace(/-/g, '');
    // Equal names and equal prices, so the pages must break ties the same way every time.
    for (const [name, amount] of [
      ['Pliers', '4.00'],
      ['Pliers', '4.00'],
      ['Anvil', '9.99'],
      ['Pliers', '2.50'],
      ['Zip ties', '4.00'],
      ['Anvil', '1.00'],
      ['Mallet', '4.00'],
    ] as const) {
      await p.product({ name: `${name} ${tag}`, listPrice: eur(amount) });
    }
    for (const sort of ['name', '-name', 'price', '-price', 'newest']) {
      const all = (await p.call('GET', `/products?q=${tag}&sort=${sort}&limit=100`)).json();
      expect(all.total).toBe(7);
      expect(all.nextCursor).toBeNull();
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/products?q=${tag}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await p.call('GET', query);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.total).toBe(7);
        walked.push(...body.items.map((i: { id: string }) => i.id));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(walked).toEqual(all.items.map((i: { id: string }) => i.id));
    }
  });

  it('refuses a cursor that was edited or belongs to another sort order, with problem+json', async () => {
    const tag = uniqueSku('C').replace(/-/g, '');
    for (const name of ['One', 'Two', 'Three']) await p.product({ name: `${name} ${tag}` });
    const first = (await p.call('GET', `/products?q=${tag}&sort=name&limit=1`)).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    // Positive control: the cursor as handed out works.
    const ok = await p.call('GET', `/products?q=${tag}&sort=name&limit=1&cursor=${first.nextCursor}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items[0].id).not.toBe(first.items[0].id);
    const [body, sum] = (first.nextCursor as string).split('.') as [string, string];
    for (const bad of [`${body}x.${sum}`, `${body}.${sum.slice(1)}A`]) {
      const res = await p.call('GET', `/products?q=${tag}&sort=name&limit=1&cursor=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('INVALID_CURSOR');
    }
    const other = await p.call('GET', `/products?q=${tag}&sort=price&limit=1&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().code).toBe('INVALID_CURSOR');
    const injected = await p.call('GET', `/products?q=${tag}&cursor[$gt]=a`);
    expect(injected.statusCode).toBe(400);
  });

  it('shows a change in the total at once (the cached count is dropped by writes)', async () => {
    const tag = uniqueSku('T').replace(/-/g, '');
    await p.product({ name: `Counted ${tag}` });
    expect((await p.call('GET', `/products?q=${tag}`)).json().total).toBe(1);
    const second = await p.product({ name: `Counted too ${tag}` });
    expect((await p.call('GET', `/products?q=${tag}`)).json().total).toBe(2);
    await p.call('DELETE', `/admin/products/${second.id}`, { token: p.adminToken });
    expect((await p.call('GET', `/products?q=${tag}`)).json().total).toBe(1);
  });

  it('filters by category including sub-categories, by id or slug', async () => {
    const tools = (
      await p.call('POST', '/admin/categories', {
        token: p.adminToken,
        body: { name: `Tools ${uniqueSku()}` },
      })
    ).json();
    const drills = (
      await p.call('POST', '/admin/categories', {
        token: p.adminToken,
        body: { name: `Drills ${uniqueSku()}`, parentId: tools.id },
      })
    ).json();
    const other = (
      await p.call('POST', '/admin/categories', {
        token: p.adminToken,
        body: { name: `Paper ${uniqueSku()}` },
      })
    ).json();
    const hammer = await p.product({ categoryIds: [tools.id] });
    const drill = await p.product({ categoryIds: [drills.id] });
    await p.product({ categoryIds: [other.id] });

    const ids = async (category: string) =>
      (await p.call('GET', `/products?category=${category}&sort=newest`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await ids(tools.id)).toEqual([drill.id, hammer.id]);
    expect(await ids(tools.slug)).toEqual([drill.id, hammer.id]);
    expect(await ids(drills.id)).toEqual([drill.id]);
    expect(await ids('no-such-category')).toEqual([]);
  });

  it('batch-reads by ids and skus (≤ 100), active ones only for buyers', async () => {
    const a = await p.product();
    const b = await p.product();
    const draft = await p.product({ status: 'draft' });
    const res = await p.call('GET', `/products?ids=${b.sku.toLowerCase()},${a.id},${draft.id},unknown`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([b.id, a.id]);
    const many = Array.from({ length: 101 }, (_, i) => `X${i}`).join(',');
    const tooMany = await p.call('GET', `/products?ids=${many}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().code).toBe('TOO_MANY_IDS');
    const hundred = Array.from({ length: 99 }, (_, i) => `X${i}`)
      .concat(a.id)
      .join(',');
    expect((await p.call('GET', `/products?ids=${hundred}`)).json().items).toHaveLength(1);
  });

  it.each([
    ['q[$gt]=', '/products?q[$gt]='],
    ['category[$ne]=x', '/products?category[$ne]=x'],
    ['q as an array', '/products?q=a&q=b'],
    ['an unknown sort', '/products?sort=price;drop'],
    ['limit above 100', '/products?limit=101'],
    ['an unknown parameter', '/products?where=1'],
  ])('refuses operator injection and bad query %s with 400', async (_label, url) => {
    const res = await p.call('GET', url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('positive control: a plain q and category are accepted', async () => {
    expect((await p.call('GET', '/products?q=gt&category=ne')).statusCode).toBe(200);
  });

  it('routes that take no query parameters refuse operator-shaped ones (400), not ignore them', async () => {
    const product = await p.product();
    const list = await p.call('POST', '/admin/price-lists', {
      token: p.adminToken,
      body: { name: 'Injection', currency: 'EUR', entries: [] },
    });
    const urls = [
      `/products/${product.id}`,
      '/categories',
      `/admin/inventory/${product.sku}`,
      `/admin/price-lists/${list.json().id}`,
    ];
    for (const url of urls) {
      // Positive control first: the plain route answers.
      expect((await p.call('GET', url, { token: p.adminToken })).statusCode, url).toBe(200);
      const injected = await p.call('GET', `${url}?sku[$gt]=`, { token: p.adminToken });
      expect(injected.statusCode, url).toBe(400);
      expect(injected.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });
});
