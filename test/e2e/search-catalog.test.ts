/**
 * Search across real processes: the product service publishes, the search service indexes, the
 * gateway routes. Admin writes go to the product service; what a buyer sees comes from search.
 */

import { pollUntil } from '@b2b/test-kit';
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

async function api(method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${platform.apiUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
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
      const down = await api('GET', `/search?q=torque%20${tag}`, { token: reg.body.accessToken });
      expect(down.status).toBe(200);
      expect(down.body).toMatchObject({
        pricesStale: true,
        items: [{ priceSource: 'list', price: { amount: '189.00' } }],
      });
    } finally {
      await platform.restart('product');
    }
  }, 90_000);
});
