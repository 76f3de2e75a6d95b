/**
 * Search across real processes: the product service publishes, the search service indexes, the
 * gateway routes. Admin writes go to the product service; what a buyer sees comes from search.
 */

import { randomUUID } from 'node:crypto';
import { createDocStoreEventBus, createEvent } from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit';
import { type ApiCallOptions, callApi } from '@b2b/test-kit/api';
import { type Platform, startableServices, startPlatform } from '@b2b/test-kit/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../services/user/src/domain/platform-admin.ts';
import { createPasswordHasher } from '../../services/user/src/passwords/hasher.ts';
import { UserRepository } from '../../services/user/src/repositories/users.ts';

// Until the product service is live in the catalogue there is nothing to follow: skipped, not failed.
const productLive = startableServices().includes('product');
const suite = productLive ? describe : describe.skip;

let platform: Platform;
let adminToken: string;

function api(method: string, path: string, opts: ApiCallOptions = {}) {
  return callApi(platform.apiUrl, method, path, opts);
}

beforeAll(async () => {
  if (!productLive) return;
  platform = await startPlatform({
    services: ['user', 'product', 'search'],
    gateway: true,
    env: { search: { SEARCH_CATEGORY_REFRESH_SECONDS: '5' } },
  });
  const email = `ops.${Date.now().toString(36)}@example.com`;
  const password = 'platform admin passphrase';
  await createPlatformAdmin(
    {
      users: new UserRepository(platform.db('user')),
      hasher: await createPasswordHasher(),
      now: () => new Date(),
    },
    { email, name: 'Ops', password },
  );
  adminToken = (await api('POST', '/auth/login', { body: { email, password } })).body.accessToken;
}, 240_000);
afterAll(async () => {
  await platform?.stop();
}, 60_000);

suite('search follows the product service', () => {
  it('a product created by an admin is findable through the gateway within 2 s; renamed and archived too', async () => {
    const tag = Date.now().toString(36);
    const category = await api('POST', '/admin/categories', {
      token: adminToken,
      body: { name: `Hydraulics ${tag}` },
    });
    expect(category.status).toBe(201);
    const created = await api('POST', '/admin/products', {
      token: adminToken,
      body: {
        sku: `HGP-${tag}`,
        name: `Hydraulic gear pump ${tag}`,
        brand: 'Bosch Rexroth',
        categoryIds: [category.body.id],
        listPrice: { amount: '249.00', currency: 'EUR' },
        status: 'active',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const createdAt = Date.now();
    const found = await pollUntil(
      async () => {
        const r = await api('GET', `/search?q=${encodeURIComponent(`hydrualic ${tag}`)}`);
        return r.status === 200 && r.body.total === 1 ? r.body : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50, message: 'created product in search' },
    );
    const elapsedMs = Date.now() - createdAt;
    expect(found.items[0]).toMatchObject({ id: created.body.id, sku: `HGP-${tag}`, priceSource: 'list' });
    // api.md: findable within 2 s locally (the bus's idle poll is at most 1 s, search's feed poll 250 ms).
    expect(elapsedMs, `findable after ${elapsedMs} ms`).toBeLessThan(2_000);

    // The sku finds it first; the facet shows the product service's category label (refreshed every 5 s).
    await pollUntil(
      async () => {
        const r = await api('GET', `/search?q=HGP-${tag}`);
        return (
          r.body.items[0]?.exactMatch === true && r.body.facets.category[0]?.label === `Hydraulics ${tag}`
        );
      },
      { timeoutMs: 15_000, message: 'sku first with the category label' },
    );

    const renamed = await api('PATCH', `/admin/products/${created.body.id}`, {
      token: adminToken,
      body: { name: `Vane pump ${tag}` },
    });
    expect(renamed.status).toBe(200);
    await pollUntil(
      async () => {
        const r = await api('GET', `/search?q=${encodeURIComponent(`vane ${tag}`)}`);
        if (r.body.items[0]?.name === `Vane pump ${tag}`) return true;
        const record = await platform
          .db('search')
          .collection('indexed_products')
          .findOne({ _id: created.body.id } as never);
        throw new Error(`search holds ${JSON.stringify(record?.doc?.name)} v${record?.version}`);
      },
      { timeoutMs: 5_000, message: 'renamed product findable by its new name' },
    );

    // The old name's own word no longer finds it (a query of old and shared words still would:
    // when no product has every word, the ones with most of them are shown).
    const byOldWord = await api('GET', '/search?q=gear');
    console.log('DEBUG', JSON.stringify(byOldWord.body.items));
    expect(byOldWord.body.items.map((i: { id: string }) => i.id)).not.toContain(created.body.id);

    expect((await api('DELETE', `/admin/products/${created.body.id}`, { token: adminToken })).status).toBe(
      204,
    );
    await pollUntil(
      async () => (await api('GET', `/search?q=${encodeURIComponent(`vane ${tag}`)}`)).body.total === 0,
      {
        timeoutMs: 5_000,
        message: 'archived product gone',
      },
    );
  }, 60_000);

  it('suggestions complete the name with the product id and sku', async () => {
    const tag = Date.now().toString(36);
    const created = await api('POST', '/admin/products', {
      token: adminToken,
      body: {
        sku: `WR-${tag}`,
        name: `Wrench set ${tag}`,
        listPrice: { amount: '39.90', currency: 'EUR' },
        status: 'active',
      },
    });
    expect(created.status).toBe(201);
    const suggestion = await pollUntil(
      async () =>
        (await api('GET', `/search/suggest?q=${encodeURIComponent(`wrench se`)}`)).body.suggestions.find(
          (s: { sku?: string }) => s.sku === `WR-${tag}`,
        ),
      { timeoutMs: 5_000, message: 'suggestion' },
    );
    expect(suggestion).toEqual({
      text: `Wrench set ${tag}`,
      kind: 'product',
      productId: created.body.id,
      sku: `WR-${tag}`,
    });
    expect((await api('GET', '/search/suggest?q=w')).status).toBe(400);
  }, 30_000);

  it('with the product service down, search still answers (list prices for a buyer, flagged stale)', async () => {
    const tag = Date.now().toString(36);
    const reg = await api('POST', '/auth/register', {
      body: {
        email: `buyer.${tag}@example.com`,
        password: `a sturdy passphrase ${tag}`,
        name: 'Buyer',
        companyName: `Firm ${tag}`,
      },
    });
    expect(reg.status).toBe(201);
    await api('POST', '/admin/products', {
      token: adminToken,
      body: {
        sku: `TW-${tag}`,
        name: `Torque wrench ${tag}`,
        listPrice: { amount: '189.00', currency: 'EUR' },
        status: 'active',
      },
    });
    await pollUntil(async () => (await api('GET', `/search?q=torque%20${tag}`)).body.total === 1, {
      timeoutMs: 5_000,
    });
    const up = await api('GET', `/search?q=torque%20${tag}`, { token: reg.body.accessToken });
    expect(up.body).toMatchObject({
      pricesStale: false,
      items: [{ priceSource: 'company', price: { amount: '189.00' } }],
    });

    await platform.kill('product', 'SIGKILL');
    try {
      // The company's quote of a moment ago is reused for up to 2 s (SEARCH_PRICE_REUSE_MS); after
      // that every search asks, fails, and shows list prices flagged stale, never an error.
      const down = await pollUntil(
        async () => {
          const res = await api('GET', `/search?q=torque%20${tag}`, { token: reg.body.accessToken });
          expect(res.status).toBe(200);
          return res.body.pricesStale === true ? res : undefined;
        },
        { timeoutMs: 6_000, intervalMs: 200, message: 'list prices flagged stale while product is down' },
      );
      expect(down.body).toMatchObject({
        pricesStale: true,
        items: [{ priceSource: 'list', price: { amount: '189.00' } }],
      });
    } finally {
      await platform.restart('product');
    }
  }, 90_000);

  it('a reservation that takes a product out of stock shows in the availability facet within 2 s; a restarted task agrees', async () => {
    const tag = Date.now().toString(36);
    const sku = `GL-${tag}`;
    const created = await api('POST', '/admin/products', {
      token: adminToken,
      body: {
        sku,
        name: `Nitrile gloves ${tag}`,
        listPrice: { amount: '7.90', currency: 'EUR' },
        status: 'active',
      },
    });
    expect(created.status).toBe(201);
    expect(
      (await api('PUT', `/admin/inventory/${sku}`, { token: adminToken, body: { onHand: 5 } })).status,
    ).toBe(200);
    const facet = async () =>
      (await api('GET', `/search?q=${encodeURIComponent(`nitrile ${tag}`)}`)).body.facets?.availability;
    // Positive control: in stock first.
    await pollUntil(
      async () => JSON.stringify(await facet()) === JSON.stringify([{ value: 'in_stock', count: 1 }]),
      {
        // Setup, not the contract: indexing a new product on a loaded machine may take longer.
        timeoutMs: 15_000,
        message: 'in stock in search',
      },
    );

    // The order service's order.placed for the last 5 units, as it publishes it.
    const bus = createDocStoreEventBus({ db: platform.db('eventbus') });
    const orderId = randomUUID();
    const placedAt = Date.now();
    await bus.publish(
      createEvent(
        'order.placed',
        {
          orderId,
          orderNumber: `SO-${tag}`,
          companyId: 'company-e2e',
          userId: 'user-e2e',
          items: [{ sku, quantity: 5, unitPrice: { amount: '7.90', currency: 'EUR' } }],
          total: { amount: '39.50', currency: 'EUR' },
          paymentMethod: 'invoice',
        },
        { source: 'order' },
      ),
    );
    const outOfStock = JSON.stringify([{ value: 'out_of_stock', count: 1 }]);
    await pollUntil(async () => JSON.stringify(await facet()) === outOfStock, {
      timeoutMs: 10_000,
      intervalMs: 50,
      message: 'out of stock in search',
    });
    const elapsedMs = Date.now() - placedAt;
    // The bus's idle poll (at most 1 s), the reservation, then search's stock poll (250 ms).
    expect(elapsedMs, `shown after ${elapsedMs} ms`).toBeLessThan(2_000);
    const stock = await api('GET', `/admin/inventory/${sku}`, { token: adminToken });
    expect(stock.body).toMatchObject({ onHand: 5, reserved: 5, available: 0 });

    // A task started now reads both feeds from zero and answers the same.
    await platform.restart('search');
    expect(JSON.stringify(await facet())).toBe(outOfStock);
    expect(
      (await api('GET', `/search?q=${encodeURIComponent(`nitrile ${tag}`)}&inStock=true`)).body.total,
    ).toBe(0);
  }, 60_000);
});
