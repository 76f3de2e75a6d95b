/**
 * Buyers' catalog answers are reused for a moment (routes/catalog-answers.ts): what stays fresh,
 * what may be stale and for how long. `p` runs with the default 2 s; `held` keeps answers a
 * minute, so "still the old answer" is checked without racing a clock.
 */
import { buildEventHandlers, createEvent } from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productEventHandlers } from '../src/events/consumers.ts';
import { DEFAULT_ANSWER_TTL_MS } from '../src/routes/catalog-answers.ts';
import {
  type ProductApp,
  startProductApp,
  startTestServer,
  type TestServer,
  uniqueSku,
} from './support/product-app.ts';

let server: TestServer;
let p: ProductApp;
let held: ProductApp;
beforeAll(async () => {
  server = await startTestServer();
  p = await startProductApp(server);
  held = await startProductApp(server, { catalogAnswerTtlMs: 60_000 });
});
afterAll(async () => {
  await p?.close();
  await held?.close();
  await server?.close();
});

const eur = (amount: string) => ({ amount, currency: 'EUR' });

/** A change made behind this instance's back (another instance, another process). */
async function renameInDatabase(app: ProductApp, id: string, name: string) {
  await app.mongo.db.collection('products').updateOne({ _id: id as never }, { $set: { name } });
}

async function priceListFor(app: ProductApp, sku: string, amount: string) {
  const res = await app.call('POST', '/admin/price-lists', {
    token: app.adminToken,
    body: { name: `List ${uniqueSku()}`, currency: 'EUR', entries: [{ sku, price: eur(amount) }] },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

describe('buyers and anonymous callers', () => {
  it('get a reused answer while it is fresh, then the database again', async () => {
    const product = await held.product({ name: `Before ${uniqueSku()}` });
    const buyer = await held.tokens.member(`co-${uniqueSku()}`);
    for (const token of [undefined, buyer]) {
      expect((await held.call('GET', `/products/${product.sku}`, { token })).json().name).toBe(product.name);
    }
    await renameInDatabase(held, product.id, 'Renamed elsewhere');
    // Reused: the anonymous caller and the buyer still get the answer they got.
    for (const token of [undefined, buyer]) {
      const res = await held.call('GET', `/products/${product.sku}`, { token });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json().name).toBe(product.name);
    }
    // Positive control: a request that was never answered (another url) reads the database.
    expect((await held.call('GET', `/products/${product.id}`)).json().name).toBe('Renamed elsewhere');
    // Admins are never served from the cache.
    expect((await held.call('GET', `/products/${product.sku}`, { token: held.adminToken })).json().name).toBe(
      'Renamed elsewhere',
    );
  });

  it('see a change made elsewhere within the default 2 s', async () => {
    const product = await p.product({ name: `Stale ${uniqueSku()}` });
    const url = `/products?q=${encodeURIComponent(product.sku)}`;
    expect((await p.call('GET', url)).json().items[0].name).toBe(product.name);
    await renameInDatabase(p, product.id, 'Renamed elsewhere');
    const changed = Date.now();
    await pollUntil(async () => (await p.call('GET', url)).json().items[0].name === 'Renamed elsewhere', {
      timeoutMs: 5000,
      message: 'the rename in the list answer',
    });
    expect(Date.now() - changed).toBeLessThan(DEFAULT_ANSWER_TTL_MS + 1000);
  });

  it('see writes through this instance at once (admin product, price-list and stock routes)', async () => {
    const product = await held.product({ name: `Fresh ${uniqueSku()}`, listPrice: eur('10.00') });
    const companyId = `co-${uniqueSku()}`;
    const buyer = await held.tokens.member(companyId);
    const listId = await priceListFor(held, product.sku, '9.00');
    await held.assignPriceList(companyId, listId, 1);
    const page = () => held.call('GET', `/products/${product.sku}`, { token: buyer });
    const list = () => held.call('GET', `/products?ids=${product.sku}`, { token: buyer });
    expect((await page()).json()).toMatchObject({ name: product.name, price: eur('9.00') });
    expect((await list()).json().items[0].price).toEqual(eur('9.00'));

    const rename = await held.call('PATCH', `/admin/products/${product.id}`, {
      token: held.adminToken,
      body: { name: 'Renamed here' },
    });
    expect(rename.statusCode).toBe(200);
    expect((await page()).json().name).toBe('Renamed here');

    await held.call('PATCH', `/admin/price-lists/${listId}`, {
      token: held.adminToken,
      body: { entries: [{ sku: product.sku, price: eur('8.00') }] },
    });
    expect((await page()).json().price).toEqual(eur('8.00'));
    expect((await list()).json().items[0].price).toEqual(eur('8.00'));

    await held.setStock(product.sku, 7);
    expect((await page()).json().stock).toEqual({ available: 7, status: 'in_stock' });
    // Negative control: the same kind of change behind the instance's back is not seen yet.
    await renameInDatabase(held, product.id, 'Renamed elsewhere');
    expect((await page()).json().name).toBe('Renamed here');
  });

  it('are keyed by company: each gets its own price list, never another company’s answer', async () => {
    const product = await held.product({ listPrice: eur('10.00') });
    const [a, b] = [`a-${uniqueSku()}`, `b-${uniqueSku()}`];
    await held.assignPriceList(a, await priceListFor(held, product.sku, '7.00'), 1);
    await held.assignPriceList(b, await priceListFor(held, product.sku, '6.00'), 1);
    const priceFor = async (token?: string) =>
      (await held.call('GET', `/products/${product.sku}`, { token })).json().price;
    for (let round = 0; round < 2; round++) {
      expect(await priceFor(await held.tokens.member(a))).toEqual(eur('7.00'));
      expect(await priceFor(await held.tokens.member(b))).toEqual(eur('6.00'));
      expect(await priceFor()).toEqual(eur('10.00'));
    }
  });

  it('shows a price-list assignment arriving by company.updated within 5 s', async () => {
    const handlers = buildEventHandlers({
      consumer: 'product',
      db: p.mongo.db,
      handlers: productEventHandlers(p.ctx),
    });
    const deliver = handlers['company.updated'] as (e: unknown) => Promise<void>;
    const product = await p.product({ listPrice: eur('12.00') });
    const listId = await priceListFor(p, product.sku, '11.00');
    const companyId = `co-${uniqueSku()}`;
    const buyer = await p.tokens.member(companyId);
    const price = async () =>
      (await p.call('GET', `/products/${product.sku}`, { token: buyer })).json().price;
    expect(await price()).toEqual(eur('12.00'));
    await deliver(
      createEvent(
        'company.updated',
        {
          companyId,
          name: 'Cached Ltd',
          status: 'active',
          currency: 'EUR',
          paymentTerms: 'net30',
          creditLimit: eur('1000.00'),
          priceListId: listId,
          version: 1,
          updatedAt: new Date().toISOString(),
        },
        { source: 'user' },
      ),
    );
    const arrived = Date.now();
    await pollUntil(async () => (await price()).amount === '11.00', {
      timeoutMs: 5000,
      message: 'the contract price after company.updated',
    });
    expect(Date.now() - arrived).toBeLessThan(5000);
  });

  it('answer concurrent identical requests from one computation, each with the full body', async () => {
    const product = await held.product({ name: `Burst ${uniqueSku()}` });
    const url = `/products?q=${encodeURIComponent(product.sku)}&limit=5`;
    const answers = await Promise.all(Array.from({ length: 30 }, () => held.call('GET', url)));
    expect(new Set(answers.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    expect(answers[0]!.json()).toMatchObject({ total: 1, items: [{ id: product.id }] });
  });

  it('still refuses bad input with problem+json (nothing cached for it)', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await held.call('GET', '/products?q[$gt]=a');
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await held.call('GET', '/products/NO-SUCH-SKU-X')).statusCode).toBe(404);
    const made = await held.product({ sku: 'NO-SUCH-SKU-Y' });
    expect((await held.call('GET', `/products/${made.sku}`)).statusCode).toBe(200);
  });
});
