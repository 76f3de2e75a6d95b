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

const importCsv = (csv: string) =>
  p.call('POST', '/admin/products/import', {
    token: p.adminToken,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
const importJson = (rows: unknown) =>
  p.call('POST', '/admin/products/import', { token: p.adminToken, body: rows });

describe('POST /admin/products/import (JSON)', () => {
  it('creates good rows, reports bad ones by row number, and never aborts the good ones', async () => {
    const [a, b, c] = [uniqueSku('IMP'), uniqueSku('IMP'), uniqueSku('IMP')];
    const res = await importJson([
      {
        sku: a,
        name: 'Imported A',
        listPrice: { amount: '3.00', currency: 'EUR' },
        status: 'active',
        onHand: 12,
      },
      { sku: b, name: 'Bad price', listPrice: { amount: 3, currency: 'EUR' } },
      { sku: c, name: 'Unknown field', listPrice: { amount: '3.00', currency: 'EUR' }, colour: 'red' },
      { sku: uniqueSku('IMP'), name: 'Zero', listPrice: { amount: '0.00', currency: 'EUR' } },
      'not an object',
    ]);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.created).toBe(1);
    expect(report.updated).toBe(0);
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([2, 3, 4, 5]);
    expect(report.errors[0]).toMatchObject({ row: 2, sku: b });
    expect(report.errors[1].message).toMatch(/colour/);
    expect(report.errors[2].message).toMatch(/greater than zero/);

    const created = (await p.call('GET', `/products/${a}`)).json();
    expect(created).toMatchObject({
      sku: a,
      status: 'active',
      version: 1,
      stock: { available: 12, status: 'in_stock' },
    });
  });

  it('refuses a body that is not an array (400)', async () => {
    const res = await importJson({ sku: 'X' });
    expect(res.statusCode).toBe(400);
  });
});

describe('POST /admin/products/import (CSV)', () => {
  it('matches columns by name in any order, resolves category slugs, updates existing skus', async () => {
    const slug = `imp-${Date.now()}`;
    const category = (
      await p.call('POST', '/admin/categories', { token: p.adminToken, body: { name: 'Imported', slug } })
    ).json();
    const existing = await p.product({ listPrice: { amount: '5.00', currency: 'EUR' } });
    const fresh = uniqueSku('CSV');
    const csv = [
      'listPrice,name,sku,category,onHand,minOrderQuantity,orderMultiple,status,brand,description,currency',
      `7.25,"Gloves, nitrile",${fresh},${slug},40,10,10,active,Ansell,"Box of 100, size M",EUR`,
      `6.00,Renamed existing,${existing.sku.toLowerCase()},,,,,,,,`,
      `abc,Bad price,${uniqueSku('CSV')},,,,,,,,`,
      `1.00,Bad category,${uniqueSku('CSV')},no-such-slug,,,,,,,`,
      `1.00,Bad count,${uniqueSku('CSV')},,-4,,,,,,`,
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 1, updated: 1 });
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5]);
    expect(report.errors[1].message).toMatch(/no-such-slug/);

    const gloves = (await p.call('GET', `/products/${fresh}`)).json();
    expect(gloves).toMatchObject({
      name: 'Gloves, nitrile',
      description: 'Box of 100, size M',
      brand: 'Ansell',
      categoryIds: [category.id],
      listPrice: { amount: '7.25', currency: 'EUR' },
      minOrderQuantity: 10,
      orderMultiple: 10,
      stock: { available: 40 },
    });
    const renamed = (await p.call('GET', `/products/${existing.id}`)).json();
    expect(renamed).toMatchObject({
      name: 'Renamed existing',
      listPrice: { amount: '6.00', currency: 'EUR' },
      version: 2,
    });
    const updates = (await p.outboxEvents('product.updated')).filter((e) => e.data.productId === existing.id);
    expect(updates.map((e) => e.data.version)).toEqual([2]);
  });

  it('refuses an unknown or missing header column (400) before writing anything', async () => {
    const sku = uniqueSku('HDR');
    const unknown = await importCsv(`sku,name,listPrice,colour\n${sku},X,1.00,red\n`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('INVALID_CSV_HEADER');
    const missing = await importCsv(`sku,name\n${sku},X\n`);
    expect(missing.statusCode).toBe(400);
    expect((await p.call('GET', `/products/${sku}`, { token: p.adminToken })).statusCode).toBe(404);
  });

  it('reports a malformed line and keeps the rows before it', async () => {
    const good = uniqueSku('MAL');
    const res = await importCsv(
      `sku,name,listPrice\n${good},Fine,1.00\n${uniqueSku('MAL')},"unclosed,1.00\n`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(1);
    expect(res.json().errors[0]).toMatchObject({ row: 2 });
    expect(res.json().errors[0].message).toMatch(/malformed CSV/);
  });

  // How long it takes is the bench's business (bench/catalog-bench.ts --import-rows), not a timed test's.
  it('imports 10,000 rows in one request, every row created and findable', { timeout: 180_000 }, async () => {
    const tag = uniqueSku('BULK');
    const lines = ['sku,name,listPrice,onHand,status'];
    for (let i = 0; i < 10_000; i++)
      lines.push(`${tag}-${i},Bulk item ${i},${(i % 500) + 1}.50,${i % 50},active`);
    const res = await importCsv(lines.join('\n'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 10_000, updated: 0, errors: [] });
    expect((await p.call('GET', `/products?q=${tag}&limit=1`)).json().total).toBe(10_000);
  });
});
