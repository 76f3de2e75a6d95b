/**
 * The product service end to end: real user and product processes behind the real api-gateway
 * (the test kit's platform), the document-store bus between them. A price list assigned by the
 * user service's admin route reaches the product service through company.updated; an order.placed
 * on the bus reserves stock in the product process; images upload and serve through the gateway.
 */
import { createDocStoreEventBus, createEvent } from '@b2b/shared/events';
import { type Platform, startPlatform } from '@b2b/test-kit/platform';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPng } from '../../services/product/src/demo/png.ts';
import { multipartBody } from '../../services/product/test/support/multipart.ts';
import { createPlatformAdmin } from '../../services/user/src/domain/platform-admin.ts';
import { createPasswordHasher } from '../../services/user/src/passwords/hasher.ts';
import { UserRepository } from '../../services/user/src/repositories/users.ts';

let platform: Platform;
let adminToken: string;
beforeAll(async () => {
  platform = await startPlatform({ services: ['user', 'product'], gateway: true, logLevel: 'warn' });
  const password = 'platform admin passphrase e2e';
  const admin = await createPlatformAdmin(
    {
      users: new UserRepository(platform.db('user')),
      hasher: await createPasswordHasher(),
      now: () => new Date(),
    },
    { email: `ops.${Date.now()}@example.com`, name: 'Ops', password },
  );
  adminToken = (
    await (await api('POST', '/auth/login', { body: { email: admin.user.email, password } })).json()
  ).accessToken;
}, 240_000);
afterAll(async () => {
  await platform?.stop();
}, 60_000);

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
type Json = any;
type JsonResponse = Omit<Response, 'json'> & { json(): Promise<Json> };

async function api(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: { payload: Buffer; contentType: string } } = {},
): Promise<JsonResponse> {
  return fetch(`${platform.apiUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.raw ? { 'content-type': opts.raw.contentType } : {}),
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    ...(opts.raw ? { body: opts.raw.payload } : {}),
  }) as Promise<JsonResponse>;
}

const eur = (amount: string) => ({ amount, currency: 'EUR' });
let n = 0;
const sku = () => `E2E-${Date.now().toString(36)}-${++n}`.toUpperCase();

describe('catalog through the gateway', () => {
  it('admins create; buyers and anonymous callers see active products only', async () => {
    const category = await (
      await api('POST', '/admin/categories', { token: adminToken, body: { name: `Gloves ${sku()}` } })
    ).json();
    const created = await api('POST', '/admin/products', {
      token: adminToken,
      body: {
        sku: sku(),
        name: 'Nitrile gloves',
        listPrice: eur('6.90'),
        categoryIds: [category.id],
        status: 'active',
      },
    });
    expect(created.status).toBe(201);
    const product = await created.json();
    const draft = await (
      await api('POST', '/admin/products', {
        token: adminToken,
        body: { sku: sku(), name: 'Draft gloves', listPrice: eur('1.00') },
      })
    ).json();

    const anonymous = await api('GET', `/products/${product.sku}`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toMatchObject({ id: product.id, price: eur('6.90'), status: 'active' });
    expect((await api('GET', `/products/${draft.id}`)).status).toBe(404);
    expect((await api('GET', `/products/${draft.id}`, { token: adminToken })).status).toBe(200);
    const listed = await (await api('GET', `/products?category=${category.slug}`)).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([product.id]);
    // Operator injection never becomes a query; a plain value is fine.
    expect((await api('GET', '/products?q[$gt]=')).status).toBe(400);
    expect((await api('GET', '/products?category[$ne]=x')).status).toBe(400);
    expect((await api('GET', '/products?q=gloves')).status).toBe(200);
    // /internal/* is never forwarded by the gateway.
    expect(
      (await api('POST', '/internal/prices', { body: { lines: [{ sku: product.sku, quantity: 1 }] } }))
        .status,
    ).toBe(404);
  });

  it("a price list assigned by the user service's admin route shows in the company's prices within 5 s", async () => {
    const product = await (
      await api('POST', '/admin/products', {
        token: adminToken,
        body: { sku: sku(), name: 'Safety glasses', listPrice: eur('12.00'), status: 'active' },
      })
    ).json();
    const list = await (
      await api('POST', '/admin/price-lists', {
        token: adminToken,
        body: { name: 'E2E contract', currency: 'EUR', entries: [{ sku: product.sku, price: eur('9.60') }] },
      })
    ).json();
    const tag = Date.now().toString(36);
    const registered = await (
      await api('POST', '/auth/register', {
        body: {
          email: `buyer.${tag}@example.com`,
          password: `a sturdy passphrase ${tag}`,
          name: 'Buyer',
          companyName: `E2E Co ${tag}`,
        },
      })
    ).json();
    const buyer = registered.accessToken;
    expect((await (await api('GET', `/products/${product.id}`, { token: buyer })).json()).price).toEqual(
      eur('12.00'),
    );

    const assigned = await api('PATCH', `/admin/companies/${registered.company.id}`, {
      token: adminToken,
      body: { priceListId: list.id },
    });
    expect(assigned.status).toBe(200);
    const started = Date.now();
    await pollUntil(
      async () =>
        (await (await api('GET', `/products/${product.id}`, { token: buyer })).json()).price.amount ===
        '9.60',
      { timeoutMs: 5_000, message: 'contract price visible to the company' },
    );
    console.info(`price list assignment visible after ${Date.now() - started} ms`);
    // Anonymous callers keep the list price.
    expect((await (await api('GET', `/products/${product.id}`)).json()).price).toEqual(eur('12.00'));
  });

  it('order.placed on the bus reserves stock in the product process, once', async () => {
    const product = await (
      await api('POST', '/admin/products', {
        token: adminToken,
        body: { sku: sku(), name: 'Cable ties', listPrice: eur('2.00'), status: 'active' },
      })
    ).json();
    expect(
      (await api('PUT', `/admin/inventory/${product.sku}`, { token: adminToken, body: { onHand: 10 } }))
        .status,
    ).toBe(200);
    const bus = createDocStoreEventBus({ db: platform.db('eventbus') });
    try {
      const placed = createEvent(
        'order.placed',
        {
          orderId: `ord-${Date.now()}`,
          orderNumber: 'SO-E2E',
          companyId: 'company-e2e',
          userId: 'user-e2e',
          items: [{ sku: product.sku, quantity: 4, unitPrice: eur('2.00') }],
          total: eur('8.00'),
          paymentMethod: 'invoice',
        },
        { source: 'order' },
      );
      await bus.publish(placed);
      await bus.publish(placed); // at-least-once delivery: a duplicate
      const stock = await pollUntil(
        async () => {
          const s = await (await api('GET', `/admin/inventory/${product.sku}`, { token: adminToken })).json();
          return s.reserved === 4 ? s : undefined;
        },
        { timeoutMs: 10_000, message: 'stock reserved by the product process' },
      );
      expect(stock).toEqual({
        sku: product.sku,
        onHand: 10,
        reserved: 4,
        available: 6,
        lowStockThreshold: 0,
      });
      const reservedEvents = await pollUntil(
        async () => {
          const count = await platform
            .db('product')
            .collection('outbox')
            .countDocuments({ type: 'inventory.reserved', 'event.data.orderId': placed.data.orderId });
          return count > 0 ? count : undefined;
        },
        { timeoutMs: 10_000 },
      );
      expect(reservedEvents).toBe(1);
    } finally {
      await bus.close();
    }
  });

  it('uploads an image through the gateway and serves it at /api/v1/media', async () => {
    const product = await (
      await api('POST', '/admin/products', {
        token: adminToken,
        body: { sku: sku(), name: 'Tape', listPrice: eur('3.00'), status: 'active' },
      })
    ).json();
    const png = renderPng(48, [30, 120, 200], [255, 255, 255], 9);
    const upload = await api('POST', `/admin/products/${product.id}/images`, {
      token: adminToken,
      raw: multipartBody([
        { name: 'alt', value: 'Blue tape' },
        { name: 'file', filename: 'tape.png', contentType: 'image/png', bytes: png },
      ]),
    });
    expect(upload.status).toBe(201);
    const image = await upload.json();
    const served = await fetch(`${platform.apiUrl}${image.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    const notAnImage = await api('POST', `/admin/products/${product.id}/images`, {
      token: adminToken,
      raw: multipartBody([
        {
          name: 'file',
          filename: 'x.png',
          contentType: 'image/png',
          bytes: Buffer.from('GIF89a not allowed'),
        },
      ]),
    });
    expect(notAnImage.status).toBe(400);
    expect(notAnImage.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
