import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_PRICE_LIST_ID, generateDemoCatalog } from '../src/demo/demo-catalog.ts';
import { seedDemoCatalog } from '../src/demo/seed-demo-catalog.ts';
import { detectImageType } from '../src/images/image-store.ts';
import { PriceListCreate } from '../src/schemas/price-lists.ts';
import { ProductCreate } from '../src/schemas/products.ts';
import { type ProductApp, startProductApp, startTestServer, type TestServer } from './support/product-app.ts';

describe('the demo catalog', () => {
  const catalog = generateDemoCatalog();

  it('is deterministic: the same seed gives the same catalog', () => {
    const again = generateDemoCatalog();
    expect(again.products).toEqual(catalog.products);
    expect(again.acmePriceList).toEqual(catalog.acmePriceList);
    expect([...again.images.entries()]).toEqual([...catalog.images.entries()]);
    // Positive control: another seed gives another catalog.
    expect(generateDemoCatalog(500, 7).products).not.toEqual(catalog.products);
  });

  it('has about 500 valid products with tiers, packs, several brands, some low or out of stock', () => {
    expect(catalog.products).toHaveLength(500);
    for (const {
      id: _id,
      imageFile: _image,
      onHand: _onHand,
      lowStockThreshold: _t,
      ...input
    } of catalog.products) {
      expect(Value.Check(ProductCreate, input), input.sku).toBe(true);
    }
    expect(new Set(catalog.products.map((p) => p.sku.toUpperCase())).size).toBe(500);
    expect(new Set(catalog.products.map((p) => p.brand)).size).toBeGreaterThan(15);
    expect(catalog.products.filter((p) => (p.priceTiers ?? []).length > 0).length).toBeGreaterThan(200);
    expect(catalog.products.filter((p) => (p.orderMultiple ?? 1) > 1).length).toBeGreaterThan(100);
    expect(catalog.products.filter((p) => p.onHand === 0).length).toBeGreaterThan(10);
    expect(
      catalog.products.filter((p) => p.onHand > 0 && p.onHand < p.lowStockThreshold).length,
    ).toBeGreaterThan(10);
    const roots = catalog.categories.filter((c) => c.parentId === null).map((c) => c.name);
    expect(roots).toEqual([
      'Fasteners',
      'Safety and PPE',
      'Electrical',
      'Hand and power tools',
      'Packaging',
      'Office and janitorial',
    ]);
    expect(Value.Check(PriceListCreate, catalog.acmePriceList)).toBe(true);
    expect(catalog.acmePriceList.entries.length).toBeGreaterThan(50);
    for (const png of catalog.images.values()) expect(detectImageType(png)).toBe('png');
  });
});

describe('seeding it', () => {
  let server: TestServer;
  let p: ProductApp;
  let mediaDir: string;
  beforeAll(async () => {
    server = await startTestServer();
    p = await startProductApp(server);
    mediaDir = await mkdtemp(path.join(tmpdir(), 'demo-media-'));
  });
  afterAll(async () => {
    await p?.close();
    await server?.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('is idempotent, and the products are served with stock, images and Acme contract prices', async () => {
    const small = generateDemoCatalog(60);
    const opts = { mediaDir, mediaBaseUrl: '/api/v1/media' };
    const first = await seedDemoCatalog(p.ctx, small, opts);
    expect(first).toMatchObject({ productsCreated: 60, productsTotal: 60, priceListCreated: true });
    const second = await seedDemoCatalog(p.ctx, small, opts);
    expect(second).toMatchObject({ productsCreated: 0, productsTotal: 60, priceListCreated: false });
    expect((await p.outboxEvents('product.created')).length).toBe(60);

    const active = small.products.filter((x) => x.status === 'active').length;
    const list = (await p.call('GET', '/products?limit=100')).json();
    expect(list.total).toBe(active);
    const first10 = list.items.slice(0, 10);
    for (const item of first10) {
      const demo = small.products.find((x) => x.sku === item.sku)!;
      expect(item.stock.available).toBe(demo.onHand);
      expect(item.images[0].url).toBe(`/api/v1/media/${demo.imageFile}`);
    }
    const files = await readdir(mediaDir);
    expect(files.length).toBe(small.images.size);
    expect(detectImageType(await readFile(path.join(mediaDir, files[0]!)))).toBe('png');

    // A member of a company on the Acme list sees the contract price.
    const entry = small.acmePriceList.entries.find(
      (e) => small.products.find((x) => x.sku === e.sku)?.status === 'active',
    )!;
    await p.assignPriceList('acme', ACME_PRICE_LIST_ID, 1);
    const acme = await p.tokens.member('acme');
    const seen = (await p.call('GET', `/products/${entry.sku}`, { token: acme })).json();
    expect(seen.price.amount).toBe(entry.price.amount);
    expect(seen.price.amount).not.toBe(seen.listPrice.amount);
  });
});
