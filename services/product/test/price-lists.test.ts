import { buildEventHandlers, createEvent } from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productEventHandlers } from '../src/events/consumers.ts';
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
  // These tests check price resolution and the projection's rules request by request, so buyers'
  // answers are not reused here; the answer cache and its bound: catalog-answers.test.ts.
  p = await startProductApp(server, { catalogAnswerTtlMs: 0 });
});
afterAll(async () => {
  await p?.close();
  await server?.close();
});

const eur = (amount: string) => ({ amount, currency: 'EUR' });

async function priceList(body: Record<string, unknown>) {
  const res = await p.call('POST', '/admin/price-lists', { token: p.adminToken, body });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json() as { id: string; entries: unknown[]; version: number };
}

describe('price lists', () => {
  it('creates, reads, renames, replaces entries and deletes a list', async () => {
    const sku = uniqueSku();
    const created = await priceList({
      name: 'Contract 2026',
      currency: 'EUR',
      entries: [{ sku, price: eur('9.00'), tiers: [{ minQuantity: 50, price: eur('8.00') }] }],
    });
    expect(created).toMatchObject({
      name: 'Contract 2026',
      currency: 'EUR',
      version: 1,
      entries: [{ sku, price: eur('9.00'), tiers: [{ minQuantity: 50, price: eur('8.00') }] }],
    });
    expect((await p.call('GET', `/admin/price-lists/${created.id}`, { token: p.adminToken })).json()).toEqual(
      created,
    );
    const listed = (await p.call('GET', '/admin/price-lists?limit=100', { token: p.adminToken })).json();
    expect(listed.items.some((l: { id: string }) => l.id === created.id)).toBe(true);

    const patched = await p.call('PATCH', `/admin/price-lists/${created.id}`, {
      token: p.adminToken,
      body: { name: 'Contract 2027', entries: [] },
    });
    expect(patched.json()).toMatchObject({ name: 'Contract 2027', entries: [], version: 2 });
    expect(
      (await p.call('DELETE', `/admin/price-lists/${created.id}`, { token: p.adminToken })).statusCode,
    ).toBe(204);
    expect(
      (await p.call('GET', `/admin/price-lists/${created.id}`, { token: p.adminToken })).statusCode,
    ).toBe(404);
  });

  it.each([
    [
      'an entry in another currency than the list',
      { entries: [{ sku: 'A-1', price: { amount: '1.00', currency: 'USD' } }] },
      'CURRENCY_MISMATCH',
    ],
    [
      'a float price',
      { entries: [{ sku: 'A-1', price: { amount: 1.5, currency: 'EUR' } }] },
      'VALIDATION_FAILED',
    ],
    ['a negative price', { entries: [{ sku: 'A-1', price: eur('-1.00') }] }, 'VALIDATION_FAILED'],
    [
      'two entries for one sku',
      {
        entries: [
          { sku: 'a-1', price: eur('1.00') },
          { sku: 'A-1', price: eur('2.00') },
        ],
      },
      'DUPLICATE_ENTRY',
    ],
    ['an unknown field', { entries: [], discount: '10%' }, 'VALIDATION_FAILED'],
  ])('refuses %s (400)', async (_label, overrides, code) => {
    const res = await p.call('POST', '/admin/price-lists', {
      token: p.adminToken,
      body: { name: 'Bad', currency: 'EUR', ...overrides },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it('refuses an entry for an existing product priced in another currency', async () => {
    const product = await p.product({ listPrice: { amount: '5.00', currency: 'USD' } });
    const res = await p.call('POST', '/admin/price-lists', {
      token: p.adminToken,
      body: { name: 'EUR list', currency: 'EUR', entries: [{ sku: product.sku, price: eur('4.00') }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      errors: [{ path: '/entries/0/price/currency' }],
    });
  });

  it('refuses deleting a list a company buys at (409)', async () => {
    const list = await priceList({ name: 'Assigned', currency: 'EUR', entries: [] });
    await p.assignPriceList(`co-${uniqueSku()}`, list.id, 1);
    const res = await p.call('DELETE', `/admin/price-lists/${list.id}`, { token: p.adminToken });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PRICE_LIST_IN_USE');
  });
});

describe("the caller's prices", () => {
  it('shows the company price list entry and tiers to its members, the product prices to everyone else', async () => {
    const product = await p.product({
      listPrice: eur('10.00'),
      priceTiers: [{ minQuantity: 10, price: eur('9.50') }],
      minOrderQuantity: 1,
    });
    const other = await p.product({ listPrice: eur('20.00') });
    const list = await priceList({
      name: 'Acme contract',
      currency: 'EUR',
      entries: [
        {
          sku: product.sku.toLowerCase(),
          price: eur('8.00'),
          tiers: [{ minQuantity: 100, price: eur('7.00') }],
        },
      ],
    });
    const companyId = `acme-${uniqueSku()}`;
    const buyer = await p.tokens.member(companyId);
    const stranger = await p.tokens.member(`globex-${uniqueSku()}`);

    // Before the assignment arrives, list prices for everyone.
    expect((await p.call('GET', `/products/${product.id}`, { token: buyer })).json().price).toEqual(
      eur('10.00'),
    );

    await p.assignPriceList(companyId, list.id, 1);
    const mine = (await p.call('GET', `/products/${product.id}`, { token: buyer })).json();
    expect(mine).toMatchObject({
      listPrice: eur('10.00'),
      price: eur('8.00'),
      priceTiers: [{ minQuantity: 100, price: eur('7.00') }],
    });
    // A product without an entry keeps its own prices for the same buyer.
    expect((await p.call('GET', `/products/${other.id}`, { token: buyer })).json().price).toEqual(
      eur('20.00'),
    );
    // Lists and batch reads resolve the same way.
    const batch = (await p.call('GET', `/products?ids=${product.id},${other.id}`, { token: buyer })).json();
    expect(batch.items.map((i: { price: { amount: string } }) => i.price.amount)).toEqual(['8.00', '20.00']);
    for (const token of [undefined, stranger, p.adminToken]) {
      expect((await p.call('GET', `/products/${product.id}`, { token })).json()).toMatchObject({
        price: eur('10.00'),
        priceTiers: [{ minQuantity: 10, price: eur('9.50') }],
      });
    }

    // A price-list change shows on the very next request (read from this service's own database).
    await p.call('PATCH', `/admin/price-lists/${list.id}`, {
      token: p.adminToken,
      body: { entries: [{ sku: product.sku, price: eur('7.50') }] },
    });
    expect((await p.call('GET', `/products/${product.id}`, { token: buyer })).json()).toMatchObject({
      price: eur('7.50'),
      priceTiers: [],
    });

    // An older snapshot arriving late does not undo the assignment; a newer one does.
    await p.assignPriceList(companyId, null, 1);
    expect((await p.call('GET', `/products/${product.id}`, { token: buyer })).json().price).toEqual(
      eur('7.50'),
    );
    await p.assignPriceList(companyId, null, 2);
    expect((await p.call('GET', `/products/${product.id}`, { token: buyer })).json().price).toEqual(
      eur('10.00'),
    );
  });
});

describe('POST /internal/prices', () => {
  it('quotes unit prices, line totals, quantity violations and availability by the same rule', async () => {
    const bolts = await p.product({
      listPrice: eur('0.40'),
      priceTiers: [{ minQuantity: 100, price: eur('0.30') }],
      minOrderQuantity: 50,
      orderMultiple: 50,
    });
    const gloves = await p.product({ listPrice: eur('4.99') });
    const draft = await p.product({ status: 'draft' });
    await p.setStock(bolts.sku, 1000);
    await p.setStock(gloves.sku, 2);
    const list = await priceList({
      name: 'Q',
      currency: 'EUR',
      entries: [{ sku: gloves.sku, price: eur('4.50') }],
    });
    const companyId = `co-${uniqueSku()}`;
    await p.assignPriceList(companyId, list.id, 1);

    const res = await p.call('POST', '/internal/prices', {
      body: {
        companyId,
        lines: [
          { sku: bolts.sku.toLowerCase(), quantity: 100 },
          { sku: bolts.sku, quantity: 99 },
          { sku: gloves.sku, quantity: 3 },
          { sku: draft.sku, quantity: 1 },
          { sku: 'NO-SUCH-SKU', quantity: 1 },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    const quote = res.json();
    expect(quote.lines).toEqual([
      {
        sku: bolts.sku,
        quantity: 100,
        productId: bolts.id,
        name: bolts.name,
        unitPrice: eur('0.30'),
        lineTotal: eur('30.00'),
        priceSource: 'product',
        minOrderQuantity: 50,
        orderMultiple: 50,
        available: 1000,
        problems: [],
      },
      expect.objectContaining({
        quantity: 99,
        unitPrice: eur('0.40'),
        lineTotal: eur('39.60'),
        problems: ['not_multiple'],
      }),
      expect.objectContaining({
        sku: gloves.sku,
        unitPrice: eur('4.50'),
        lineTotal: eur('13.50'),
        priceSource: 'price_list',
        available: 2,
        problems: ['insufficient_stock'],
      }),
      { sku: draft.sku, quantity: 1, available: 0, problems: ['unknown_sku'] },
      { sku: 'NO-SUCH-SKU', quantity: 1, available: 0, problems: ['unknown_sku'] },
    ]);
    expect(quote).toMatchObject({ companyId, total: eur('83.10'), orderable: false });

    // Without a company: list prices.
    const anonymous = (
      await p.call('POST', '/internal/prices', { body: { lines: [{ sku: gloves.sku, quantity: 2 }] } })
    ).json();
    expect(anonymous).toMatchObject({ companyId: null, total: eur('9.98'), orderable: true });
  });

  it('refuses callers without the service credential (401), before reading the body', async () => {
    const body = { lines: [{ sku: 'A', quantity: 1 }] };
    for (const credential of [undefined, 'wrong-credential-wrong-credential-wrong']) {
      const res = await p.call('POST', '/internal/prices', {
        body,
        headers: credential ? { 'x-service-credential': credential } : { 'x-service-credential': '' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('SERVICE_CREDENTIAL_REQUIRED');
    }
    expect((await p.call('POST', '/internal/prices', { body })).statusCode).toBe(200);
  });

  it.each([
    ['a zero quantity', [{ sku: 'A', quantity: 0 }]],
    ['a fractional quantity', [{ sku: 'A', quantity: 1.5 }]],
    ['a quantity as a string', [{ sku: 'A', quantity: '2' }]],
    ['no lines', []],
  ])('refuses %s (400)', async (_label, lines) => {
    const res = await p.call('POST', '/internal/prices', { body: { lines } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('company.updated', () => {
  it('assigns the price list from the snapshot, newest version wins, redelivery is harmless', async () => {
    const handlers = buildEventHandlers({
      consumer: 'product',
      db: p.mongo.db,
      handlers: productEventHandlers(p.ctx),
    });
    const deliver = handlers['company.updated'] as (e: unknown) => Promise<void>;
    const product = await p.product({ listPrice: eur('12.00') });
    const list = await priceList({
      name: 'Snap',
      currency: 'EUR',
      entries: [{ sku: product.sku, price: eur('11.00') }],
    });
    const companyId = `co-${uniqueSku()}`;
    const snapshot = (version: number, priceListId: string | null) =>
      createEvent(
        'company.updated',
        {
          companyId,
          name: 'Snapshot Ltd',
          status: 'active',
          currency: 'EUR',
          paymentTerms: 'net30',
          creditLimit: eur('1000.00'),
          priceListId,
          version,
          updatedAt: new Date().toISOString(),
        },
        { source: 'user' },
      );
    const buyer = await p.tokens.member(companyId);
    const v2 = snapshot(2, list.id);
    // A new company's two first snapshots at once (both find no projection yet), then a redelivery.
    await Promise.all([deliver(snapshot(1, null)), deliver(v2)]);
    await deliver(v2);
    expect((await p.call('GET', `/products/${product.id}`, { token: buyer })).json().price).toEqual(
      eur('11.00'),
    );
    await deliver(snapshot(1, null)); // older, arriving late
    expect((await p.call('GET', `/products/${product.id}`, { token: buyer })).json().price).toEqual(
      eur('11.00'),
    );
    await deliver(snapshot(3, null));
    expect((await p.call('GET', `/products/${product.id}`, { token: buyer })).json().price).toEqual(
      eur('12.00'),
    );
  });
});
