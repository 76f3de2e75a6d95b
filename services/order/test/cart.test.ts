import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderApp, startOrderApp, startTestServer, type TestServer } from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21901);
  svc.products.put({
    sku: 'BOLT-10',
    name: 'Bolt M10',
    price: { amount: '0.35', currency: 'EUR' },
    minOrderQuantity: 100,
    orderMultiple: 50,
  });
  svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '120.00', currency: 'EUR' } });
  svc.products.put({ sku: 'SAW-2', name: 'Saw', price: { amount: '19.99', currency: 'EUR' }, available: 3 });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

describe('cart', () => {
  it('starts empty, adds a line priced by the product service, with tax and shipping as exact decimals', async () => {
    const m = await svc.member();
    const empty = await svc.call('GET', '/cart', { token: m.token });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({
      items: [],
      subtotal: { amount: '0.00', currency: 'EUR' },
      shipping: { amount: '0.00' },
      total: { amount: '0.00' },
    });

    const res = await svc.call('POST', '/cart/items', {
      token: m.token,
      body: { sku: 'BOLT-10', quantity: 150 },
    });
    expect(res.statusCode).toBe(201);
    const cart = res.json();
    expect(cart.items).toEqual([
      {
        id: expect.any(String),
        productId: 'p-bolt-10',
        sku: 'BOLT-10',
        name: 'Bolt M10',
        quantity: 150,
        unitPrice: { amount: '0.35', currency: 'EUR' },
        lineTotal: { amount: '52.50', currency: 'EUR' },
      },
    ]);
    // 52.50 + 15.00 shipping (under 500) = 67.50; 19 % DE VAT = 12.825 → 12.83 (half up).
    expect(cart).toMatchObject({
      subtotal: { amount: '52.50', currency: 'EUR' },
      shipping: { amount: '15.00', currency: 'EUR' },
      taxRate: '19',
      tax: { amount: '12.83', currency: 'EUR' },
      total: { amount: '80.33', currency: 'EUR' },
      taxNote: null,
      warnings: [],
    });
    // The same sku again grows the line instead of adding a second one.
    const again = (
      await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'bolt-10', quantity: 50 } })
    ).json();
    expect(again.items).toHaveLength(1);
    expect(again.items[0].quantity).toBe(200);
  });

  it('ships free from the threshold on', async () => {
    const m = await svc.member();
    const cart = (
      await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 5 } })
    ).json();
    expect(cart.subtotal.amount).toBe('600.00');
    expect(cart.shipping.amount).toBe('0.00');
    expect(cart.tax.amount).toBe('114.00');
    expect(cart.total.amount).toBe('714.00');
  });

  it('enforces minimum quantity and multiples (400) and knows unknown skus (404)', async () => {
    const m = await svc.member();
    const below = await svc.call('POST', '/cart/items', {
      token: m.token,
      body: { sku: 'BOLT-10', quantity: 50 },
    });
    expect(below.statusCode).toBe(400);
    expect(below.headers['content-type']).toMatch(/problem\+json/);
    expect(below.json()).toMatchObject({ code: 'QUANTITY_RULE' });
    expect(below.json().detail).toContain('minimum order quantity is 100');
    const notMultiple = await svc.call('POST', '/cart/items', {
      token: m.token,
      body: { sku: 'BOLT-10', quantity: 120 },
    });
    expect(notMultiple.statusCode).toBe(400);
    expect(notMultiple.json().detail).toContain('multiple of 50');
    const unknown = await svc.call('POST', '/cart/items', {
      token: m.token,
      body: { sku: 'NOPE-1', quantity: 1 },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('UNKNOWN_SKU');
    // Positive control: the same product at an allowed quantity is added.
    expect(
      (await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'BOLT-10', quantity: 100 } }))
        .statusCode,
    ).toBe(201);
    // Unknown fields and floats are refused, never stored.
    for (const body of [
      { sku: 'DRILL-1', quantity: 1, unitPrice: '0.01' },
      { sku: 'DRILL-1', quantity: 1.5 },
      { sku: 'DRILL-1', quantity: 0 },
    ]) {
      const bad = await svc.call('POST', '/cart/items', { token: m.token, body });
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('re-checks prices and availability on read and says what changed, once', async () => {
    const m = await svc.member();
    svc.products.put({ sku: 'GLUE-1', name: 'Glue', price: { amount: '4.00', currency: 'EUR' } });
    await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'GLUE-1', quantity: 2 } });
    expect((await svc.call('GET', '/cart', { token: m.token })).json().warnings).toEqual([]);
    svc.products.put({
      sku: 'GLUE-1',
      name: 'Glue',
      price: { amount: '4.50', currency: 'EUR' },
      available: 1,
    });
    const changed = (await svc.call('GET', '/cart', { token: m.token })).json();
    expect(changed.items[0].unitPrice).toEqual({ amount: '4.50', currency: 'EUR' });
    expect(changed.subtotal.amount).toBe('9.00');
    expect(changed.warnings).toEqual([
      { code: 'insufficient_stock', sku: 'GLUE-1', message: 'GLUE-1: only 1 available' },
      {
        code: 'price_changed',
        sku: 'GLUE-1',
        message: 'GLUE-1: the unit price changed from 4.00 to 4.50 EUR',
      },
    ]);
    // The price change is reported on the read that saw it; the stock shortage while it lasts.
    const next = (await svc.call('GET', '/cart', { token: m.token })).json();
    expect(next.warnings.map((w: { code: string }) => w.code)).toEqual(['insufficient_stock']);
  });

  it('changes and removes lines of its own cart only; another member gets 404', async () => {
    const m = await svc.member();
    const other = await svc.member({ companyId: m.companyId });
    const cart = (
      await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } })
    ).json();
    const itemId = cart.items[0].id;
    expect(
      (await svc.call('PATCH', `/cart/items/${itemId}`, { token: other.token, body: { quantity: 3 } }))
        .statusCode,
    ).toBe(404);
    expect((await svc.call('DELETE', `/cart/items/${itemId}`, { token: other.token })).statusCode).toBe(404);
    const patched = await svc.call('PATCH', `/cart/items/${itemId}`, {
      token: m.token,
      body: { quantity: 3 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().items[0]).toMatchObject({ quantity: 3, lineTotal: { amount: '360.00' } });
    const removed = await svc.call('DELETE', `/cart/items/${itemId}`, { token: m.token });
    expect(removed.json().items).toEqual([]);
    await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } });
    expect((await svc.call('DELETE', '/cart', { token: m.token })).statusCode).toBe(204);
    expect((await svc.call('GET', '/cart', { token: m.token })).json().items).toEqual([]);
  });

  it('refuses callers without a company role (401 without a token, 403 for staff without a company)', async () => {
    expect((await svc.call('GET', '/cart')).statusCode).toBe(401);
    expect((await svc.call('GET', '/cart', { token: 'garbage' })).statusCode).toBe(401);
    expect((await svc.call('GET', '/cart', { token: svc.adminToken() })).statusCode).toBe(403);
  });
});

describe('quick order', () => {
  it('adds JSON lines and reports the bad ones per line', async () => {
    const m = await svc.member();
    const res = await svc.call('POST', '/cart/items/bulk', {
      token: m.token,
      body: {
        items: [
          { sku: 'DRILL-1', quantity: 2 },
          { sku: 'NOPE-9', quantity: 1 },
          { sku: 'BOLT-10', quantity: 10 },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      added: [{ sku: 'DRILL-1', quantity: 2 }],
      errors: [
        { line: 2, sku: 'NOPE-9', message: 'unknown sku' },
        {
          line: 3,
          sku: 'BOLT-10',
          message: 'the minimum order quantity is 100; the quantity must be a multiple of 50',
        },
      ],
    });
    expect(
      (await svc.call('GET', '/cart', { token: m.token })).json().items.map((i: { sku: string }) => i.sku),
    ).toEqual(['DRILL-1']);
  });

  it('adds CSV lines (header optional), reports malformed lines with their line number', async () => {
    const m = await svc.member();
    const csv = 'sku,quantity\nDRILL-1,1\nSAW-2,abc\nBOLT-10,100\n\nDRILL-1,2\nonly-one-column\n';
    const res = await svc.call('POST', '/cart/items/bulk', { token: m.token, csv });
    expect(res.statusCode).toBe(200);
    expect(res.json().added).toEqual([
      { sku: 'DRILL-1', quantity: 3 },
      { sku: 'BOLT-10', quantity: 100 },
    ]);
    expect(res.json().errors).toEqual([
      { line: 3, sku: 'SAW-2', message: 'quantity must be a whole number from 1 to 1000000' },
      { line: 7, sku: 'only-one-column', message: 'expected two columns: sku,quantity' },
    ]);
    const cart = (await svc.call('GET', '/cart', { token: m.token })).json();
    expect(cart.items.map((i: { sku: string; quantity: number }) => [i.sku, i.quantity])).toEqual([
      ['DRILL-1', 3],
      ['BOLT-10', 100],
    ]);
  });

  it('refuses more than 500 lines (400) and accepts exactly 500', async () => {
    const m = await svc.member();
    const lines = (n: number) => Array.from({ length: n }, () => 'DRILL-1,1').join('\n');
    const tooMany = await svc.call('POST', '/cart/items/bulk', { token: m.token, csv: lines(501) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().code).toBe('QUICK_ORDER_TOO_LONG');
    const ok = await svc.call('POST', '/cart/items/bulk', { token: m.token, csv: lines(500) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().added).toEqual([{ sku: 'DRILL-1', quantity: 500 }]);
  });
});

describe('tax rules', () => {
  async function cartTotals(company: { country?: string; vatId?: string }) {
    const m = await svc.member({ company });
    return (
      await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } })
    ).json();
  }

  it("uses the buyer's country rate, and reverse charge for an EU business with a VAT id abroad", async () => {
    const fr = await cartTotals({ country: 'FR' });
    expect(fr).toMatchObject({ taxRate: '20', tax: { amount: '27.00' }, taxNote: null }); // (120 + 15) × 20 %
    const frWithVat = await cartTotals({ country: 'FR', vatId: 'FR12345678901' });
    expect(frWithVat).toMatchObject({ taxRate: '0', tax: { amount: '0.00' }, total: { amount: '135.00' } });
    expect(frWithVat.taxNote).toMatch(/^Reverse charge/);
    // Same country as the supplier: a VAT id changes nothing.
    const de = await cartTotals({ country: 'DE', vatId: 'DE123456789' });
    expect(de).toMatchObject({ taxRate: '19', tax: { amount: '25.65' }, taxNote: null });
    // Outside the EU: no reverse charge, the table's rate (GB 20 %, US 0 %).
    expect(await cartTotals({ country: 'GB', vatId: 'GB123456789' })).toMatchObject({
      taxRate: '20',
      taxNote: null,
    });
    expect(await cartTotals({ country: 'US' })).toMatchObject({ taxRate: '0', tax: { amount: '0.00' } });
  });

  it('learns the country from company.updated, applying only newer snapshots', async () => {
    const m = await svc.member({ company: { country: 'NL' } });
    const base = {
      companyId: m.companyId,
      name: 'Firm',
      status: 'active' as const,
      currency: 'EUR',
      paymentTerms: 'net30' as const,
      creditLimit: { amount: '0.00', currency: 'EUR' },
      priceListId: null,
      updatedAt: new Date().toISOString(),
    };
    await svc.deliver('company.updated', { ...base, country: 'AT', version: 1_000_000 }, 'user');
    await svc.deliver('company.updated', { ...base, country: 'FR', version: 999_999 }, 'user');
    const cart = (
      await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } })
    ).json();
    expect(cart.taxRate).toBe('20'); // AT, not the older FR snapshot and not NL
    expect((await svc.ctx.repos.companies.find(m.companyId))?.country).toBe('AT');
  });
});

describe('product service outage', () => {
  it('shows the cart at stored prices with a warning, refuses to add lines (503)', async () => {
    const m = await svc.member();
    await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } });
    svc.products.failWith = 503;
    try {
      const read = await svc.call('GET', '/cart', { token: m.token });
      expect(read.statusCode).toBe(200);
      expect(read.json().items[0].unitPrice.amount).toBe('120.00');
      expect(read.json().warnings).toEqual([
        expect.objectContaining({ code: 'prices_unverified', sku: null }),
      ]);
      const add = await svc.call('POST', '/cart/items', {
        token: m.token,
        body: { sku: 'DRILL-1', quantity: 1 },
      });
      expect(add.statusCode).toBe(503);
      expect(add.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      svc.products.failWith = null;
    }
    expect((await svc.call('GET', '/cart', { token: m.token })).json().warnings).toEqual([]);
  });
});
