/**
 * No response of the product service carries its internals: every route is exercised (proved
 * against the service's own OpenAPI document), successes and refusals alike, and every JSON
 * answer must match the response schema the route declares for its status, leave out database
 * ids and bookkeeping (`_id`, `skuKey`, image store keys, order holds, Decimal128), and carry no
 * stack trace or driver error. Every refusal is problem+json.
 */
import { randomUUID } from 'node:crypto';
import { buildEventHandlers, createEvent, type EventHandler } from '@b2b/shared/events';
import type { LightMyRequestResponse } from 'fastify';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPng } from '../../services/product/src/demo/png.ts';
import { productEventHandlers } from '../../services/product/src/events/consumers.ts';
import { multipartBody } from '../../services/product/test/support/multipart.ts';
import {
  type ProductApp,
  startProductApp,
  startTestServer,
  type TestServer,
  uniqueSku,
} from '../../services/product/test/support/product-app.ts';
import { forbiddenInBody, openApiRoutes, schemaProblems } from './support/openapi-conformance.ts';

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

/**
 * Keys of the service's documents that must never leave it (as JSON keys): database ids, the
 * case-folded sku, order holds on stock, stored Decimal128 money, error stacks.
 */
const INTERNAL_KEYS = ['_id', 'skuKey', 'holds', '$numberDecimal', 'stack'];

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('no internals ever leave the product service', () => {
  it('walks every route; every answer matches its declared schema, refusals are problem+json', async () => {
    const responses: { method: string; url: string; res: LightMyRequestResponse }[] = [];
    const call: ProductApp['call'] = async (method, url, opts) => {
      const res = await p.call(method, url, opts);
      responses.push({ method, url, res });
      return res;
    };
    const admin = { token: p.adminToken };
    const buyer = await p.tokens.member(`company-${randomUUID().slice(0, 8)}`);

    // Categories.
    const root = (
      await call('POST', '/admin/categories', { ...admin, body: { name: 'Fasteners NL' } })
    ).json();
    const child = (
      await call('POST', '/admin/categories', { ...admin, body: { name: 'Bolts NL', parentId: root.id } })
    ).json();
    await call('POST', '/admin/categories', { ...admin, body: { name: 'Bolts NL', parentId: root.id } }); // 409
    await call('POST', '/admin/categories', { ...admin, body: { name: 'X', colour: 'red' } }); // 400
    await call('PATCH', `/admin/categories/${root.id}`, { ...admin, body: { parentId: child.id } }); // cycle
    await call('PATCH', `/admin/categories/${child.id}`, { ...admin, body: { name: 'Hex bolts NL' } });
    await call('GET', '/categories');

    // Products.
    const sku = uniqueSku('NL');
    const created = (
      await call('POST', '/admin/products', {
        ...admin,
        body: {
          sku,
          name: 'Hex bolt M8 NL',
          brand: 'Würth',
          categoryIds: [child.id],
          listPrice: eur('0.35'),
          priceTiers: [{ minQuantity: 100, price: eur('0.30') }],
          status: 'active',
        },
      })
    ).json();
    await call('POST', '/admin/products', { ...admin, body: { sku, name: 'Dup', listPrice: eur('1.00') } }); // 409
    await call('POST', '/admin/products', {
      ...admin,
      body: { sku: 'F-1', name: 'F', listPrice: { amount: 1.5, currency: 'EUR' } },
    });
    await call('POST', '/admin/products', {
      ...admin,
      body: { sku: 'N-1', name: 'N', listPrice: eur('-1.00') },
    });
    await call('POST', '/admin/products', {
      ...admin,
      body: { sku: 'X-1', name: 'X', listPrice: eur('1.00'), colour: 'red' },
    });
    await call('POST', '/admin/products', {
      ...admin,
      body: {
        sku: 'C-1',
        name: 'C',
        listPrice: eur('1.00'),
        priceTiers: [{ minQuantity: 5, price: { amount: '0.90', currency: 'USD' } }],
      },
    });
    await call('POST', '/admin/products', {
      token: buyer,
      body: { sku: 'B-1', name: 'B', listPrice: eur('1.00') },
    }); // 403
    await call('POST', '/admin/products', { body: { sku: 'A-1', name: 'A', listPrice: eur('1.00') } }); // 401
    await call('PATCH', `/admin/products/${created.id}`, { ...admin, body: { description: 'Zinc plated' } });
    await call('PATCH', `/admin/products/${created.id}`, { ...admin, body: {} });
    await call('PATCH', '/admin/products/no-such-product', { ...admin, body: { name: 'Y' } });
    await call('GET', '/products');
    await call('GET', `/products?q=${encodeURIComponent('hex bolt')}&category=${root.id}&sort=price`);
    await call('GET', `/products?ids=${created.id},${sku.toLowerCase()}`, { token: buyer });
    await call('GET', '/products?q[$gt]=');
    await call('GET', '/products?category[$ne]=x');
    await call('GET', '/products?limit=101');
    await call('GET', `/products/${created.id}`);
    await call('GET', `/products/${sku}`, { token: buyer });
    await call('GET', '/products/no-such-product');
    await call('GET', '/products/bad%20id');

    // Images.
    const png = renderPng(16, [10, 120, 200], [255, 255, 255], 4);
    const upload = (bytes: Buffer) => {
      const { payload, contentType } = multipartBody([
        { name: 'alt', value: 'Bolt' },
        { name: 'file', filename: 'bolt.png', contentType: 'image/png', bytes },
      ]);
      return call('POST', `/admin/products/${created.id}/images`, {
        ...admin,
        headers: { 'content-type': contentType },
        payload,
      });
    };
    const image = (await upload(png)).json();
    await upload(Buffer.from('<?php echo "not an image"; ?>'));
    const file = String(image.url).split('/').at(-1);
    await call('GET', `/media/${file}`);
    await call('GET', '/media/..%2F..%2Fetc%2Fpasswd');
    await call('DELETE', `/admin/products/${created.id}/images/${image.id}`, admin);
    await call('DELETE', `/admin/products/${created.id}/images/${image.id}`, admin);

    // Inventory, a reservation (its holds), the stock feed and quotes.
    await call('GET', `/admin/inventory/${sku}`, admin);
    await call('PUT', `/admin/inventory/${sku}`, { ...admin, body: { onHand: 500, lowStockThreshold: 20 } });
    await call('PUT', `/admin/inventory/${sku}`, { ...admin, body: { onHand: 1.5 } });
    await call('GET', '/admin/inventory/NOPE-1', admin);
    const handlers = buildEventHandlers({
      consumer: 'product',
      db: p.mongo.db,
      handlers: productEventHandlers(p.ctx),
    });
    const orderId = randomUUID();
    await (handlers['order.placed'] as EventHandler)(
      createEvent(
        'order.placed',
        {
          orderId,
          orderNumber: 'SO-NL',
          companyId: 'company-nl',
          userId: 'user-nl',
          items: [{ sku, quantity: 10, unitPrice: eur('0.35') }],
          total: eur('3.50'),
          paymentMethod: 'invoice',
        },
        { source: 'order' },
      ) as never,
    );
    await call('GET', `/admin/inventory/${sku}`, admin);
    await call('GET', '/internal/feeds/stock');
    await call('GET', '/internal/feeds/stock?after=bm90LWEtd2F0ZXJtYXJr');
    await call('POST', '/internal/prices', {
      body: {
        lines: [
          { sku, quantity: 100 },
          { sku: 'GHOST-1', quantity: 1 },
        ],
      },
    });
    await call('POST', '/internal/prices', { body: { lines: [{ sku, quantity: 0 }] } });
    await call('POST', '/internal/prices', {
      body: { lines: [{ sku, quantity: 1 }] },
      headers: { 'x-service-credential': '' },
    });

    // Price lists.
    const list = (
      await call('POST', '/admin/price-lists', {
        ...admin,
        body: { name: 'Acme NL', currency: 'EUR', entries: [{ sku, price: eur('0.31'), tiers: [] }] },
      })
    ).json();
    await call('POST', '/admin/price-lists', {
      ...admin,
      body: { name: 'Bad', currency: 'EUR', entries: [{ sku, price: { amount: '0.31', currency: 'USD' } }] },
    });
    await call('GET', '/admin/price-lists', admin);
    await call('GET', `/admin/price-lists/${list.id}`, admin);
    await call('PATCH', `/admin/price-lists/${list.id}`, { ...admin, body: { name: 'Acme NL 2' } });
    await call('PATCH', `/admin/price-lists/${list.id}`, {
      ...admin,
      body: { entries: [{ sku, price: eur('0.1'), unknown: 1 }] },
    });
    await call('DELETE', `/admin/price-lists/${list.id}`, admin);
    await call('GET', `/admin/price-lists/${list.id}`, admin);

    // Import: good and bad rows, then a body that is not an import at all.
    await call('POST', '/admin/products/import', {
      ...admin,
      body: [
        { sku: uniqueSku('NLI'), name: 'Imported', listPrice: eur('2.00'), onHand: 3 },
        { sku: uniqueSku('NLI'), name: 'Bad', listPrice: { amount: 2, currency: 'EUR' } },
      ],
    });
    await call('POST', '/admin/products/import', {
      ...admin,
      headers: { 'content-type': 'text/csv' },
      payload: 'sku,name\n',
    });
    await call('POST', '/admin/products/import', { ...admin, body: { not: 'rows' } });

    // Deletes last.
    await call('DELETE', `/admin/categories/${root.id}`, admin); // children remain: 409
    await call('DELETE', `/admin/products/${created.id}`, admin);
    await call('DELETE', '/admin/products/no-such-product', admin);

    // Every documented route was exercised.
    const openapi = (await p.call('GET', '/openapi.json')).json();
    const routes = openApiRoutes(openapi);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const hit = new Set(responses.map(({ method, url }) => routes.find((r) => r.matches(method, url))?.id));
    expect(routes.map((r) => r.id).filter((id) => !hit.has(id))).toEqual([]);

    const statuses = new Set<number>();
    for (const { method, url, res } of responses) {
      const where = `${method} ${url} → ${res.statusCode}`;
      statuses.add(res.statusCode);
      expect(res.statusCode, `${where}: ${res.body}`).toBeLessThan(500);
      const route = routes.find((r) => r.matches(method, url))!;
      expect(route, where).toBeDefined();
      const type = String(res.headers['content-type'] ?? '');
      if (res.statusCode >= 400) expect(type, where).toMatch(/^application\/problem\+json/);
      if (!/json/.test(type)) continue;
      const schema = route.responseSchema(res.statusCode);
      expect(schema, `${where}: no schema declared for this status`).toBeDefined();
      expect(schemaProblems(Compile(schema as never), res.json()), `${where}: ${res.body}`).toEqual([]);
      expect(forbiddenInBody(res.body, INTERNAL_KEYS), where).toEqual([]);
      // The order's hold on the stock document is bookkeeping: its id shows nowhere.
      expect(res.body.includes(orderId), `${where} shows the order's hold`).toBe(false);
    }
    // Successes and refusals of every kind were in the walk.
    for (const status of [200, 201, 204, 400, 401, 403, 404, 409]) expect(statuses).toContain(status);
  }, 60_000);

  it('the body check finds internal keys and stack traces, and passes a plain problem', () => {
    const trace = JSON.stringify({ detail: 'Error: boom\n    at handler (/srv/app.ts:12:3)' });
    expect(forbiddenInBody(trace, INTERNAL_KEYS)).not.toEqual([]);
    expect(forbiddenInBody('{"_id":"x"}', INTERNAL_KEYS)).toEqual(['key _id']);
    expect(
      forbiddenInBody(
        '{"type":"about:blank","title":"Not Found","status":404,"code":"NOT_FOUND"}',
        INTERNAL_KEYS,
      ),
    ).toEqual([]);
  });
});
