/**
 * GET /internal/feeds/stock: the fact feed of stock per sku that search (every task) follows. A
 * reservation, a release and an admin count change each show in the next page after a watermark.
 */
import { randomUUID } from 'node:crypto';
import { buildEventHandlers, createEvent, type EventHandler } from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productEventHandlers } from '../src/events/consumers.ts';
import { stockFeedKey } from '../src/schemas/internal.ts';
import { type ProductApp, startProductApp, startTestServer, type TestServer } from './support/product-app.ts';

let server: TestServer;
let p: ProductApp;
let handlers: ReturnType<typeof buildEventHandlers>;
beforeAll(async () => {
  server = await startTestServer();
  p = await startProductApp(server);
  handlers = buildEventHandlers({
    consumer: 'product',
    db: p.mongo.db,
    handlers: productEventHandlers(p.ctx),
  });
});
afterAll(async () => {
  await p?.close();
  await server?.close();
});

interface FeedPage {
  items: { key: string; entry: { sku: string; available: number; status: string } | null }[];
  watermark: string;
  hasMore: boolean;
}

async function page(after?: string): Promise<FeedPage> {
  const res = await p.call('GET', `/internal/feeds/stock${after ? `?after=${after}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Every page from `after` on, until caught up: the latest entry per key. */
async function readAll(after?: string) {
  const latest = new Map<string, FeedPage['items'][number]['entry']>();
  let watermark = after;
  for (;;) {
    const next = await page(watermark);
    for (const item of next.items) latest.set(item.key, item.entry);
    watermark = next.watermark;
    if (!next.hasMore) return { latest, watermark };
  }
}

const placed = (sku: string, quantity: number) =>
  createEvent(
    'order.placed',
    {
      orderId: randomUUID(),
      orderNumber: 'SO-1',
      companyId: 'company-1',
      userId: 'user-1',
      items: [{ sku, quantity, unitPrice: { amount: '1.00', currency: 'EUR' } }],
      total: { amount: '1.00', currency: 'EUR' },
      paymentMethod: 'invoice' as const,
    },
    { source: 'order' },
  );

describe('GET /internal/feeds/stock', () => {
  it('serves every sku with its availability and status; a reservation that empties it shows next', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 3, 2);
    const key = stockFeedKey(product.sku);
    const first = await readAll();
    expect(first.latest.get(key)).toEqual({ sku: product.sku, available: 3, status: 'in_stock' });

    await (handlers['order.placed'] as EventHandler)(placed(product.sku, 2) as never);
    const low = await readAll(first.watermark);
    expect(low.latest.get(key)).toEqual({ sku: product.sku, available: 1, status: 'low_stock' });

    await (handlers['order.placed'] as EventHandler)(placed(product.sku, 1) as never);
    const out = await readAll(low.watermark);
    // Exactly the declared fields: no holds, counts or ids of the stock document.
    expect(out.latest.get(key)).toEqual({ sku: product.sku, available: 0, status: 'out_of_stock' });

    // Positive control: an admin count brings it back.
    await p.setStock(product.sku, 10, 2);
    expect((await readAll(out.watermark)).latest.get(key)).toMatchObject({
      available: 7,
      status: 'in_stock',
    });
  });

  it('a new product shows as out of stock until stock is set (a reader knows every sku)', async () => {
    const product = await p.product();
    expect((await readAll()).latest.get(stockFeedKey(product.sku))).toEqual({
      sku: product.sku,
      available: 0,
      status: 'out_of_stock',
    });
  });

  it('refuses callers without the service credential (401) and a watermark it did not issue (400)', async () => {
    const anonymous = await p.app.inject({ method: 'GET', url: '/internal/feeds/stock' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    const forged = await p.call('GET', '/internal/feeds/stock?after=bm90LWEtd2F0ZXJtYXJr');
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'INVALID_WATERMARK' });
    const injected = await p.call('GET', '/internal/feeds/stock?after[$gt]=');
    expect(injected.statusCode).toBe(400);
    // Positive control: with the credential and no watermark, a page.
    expect((await p.call('GET', '/internal/feeds/stock')).statusCode).toBe(200);
  });
});
