import { randomUUID } from 'node:crypto';
import type { EventPayloads } from '@b2b/shared/catalogue';
import { buildEventHandlers, createEvent, type EventHandler } from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireReservations } from '../src/domain/reservations.ts';
import { productEventHandlers } from '../src/events/consumers.ts';
import { type ProductApp, startProductApp, startTestServer, type TestServer } from './support/product-app.ts';

let server: TestServer;
let p: ProductApp;
let handlers: ReturnType<typeof buildEventHandlers>;
const TTL_MS = 15 * 60_000;
beforeAll(async () => {
  server = await startTestServer();
  p = await startProductApp(server, { reservationTtlMs: TTL_MS });
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

const orderData = (items: { sku: string; quantity: number }[], orderId: string = randomUUID()) => ({
  orderId,
  orderNumber: `SO-${orderId.slice(0, 6)}`,
  companyId: 'company-1',
  userId: 'user-1',
  items: items.map((i) => ({ ...i, unitPrice: { amount: '1.00', currency: 'EUR' } })),
  total: { amount: '1.00', currency: 'EUR' },
  paymentMethod: 'invoice' as const,
});

function placed(items: { sku: string; quantity: number }[], orderId?: string) {
  return createEvent('order.placed', orderData(items, orderId), { source: 'order' });
}
const orderRef = (orderId: string) => ({
  orderId,
  orderNumber: 'SO-1',
  companyId: 'company-1',
  userId: 'user-1',
});
const extras = {
  'order.cancelled': { reason: 'cancelled_by_buyer' },
  'order.rejected': { reason: 'over budget' },
  'order.shipped': { carrier: 'DHL', trackingNumber: '1Z999' },
  'order.confirmed': { total: { amount: '1.00', currency: 'EUR' } },
} as const;
const orderEvent = <T extends keyof typeof extras>(type: T, orderId: string) =>
  createEvent(type, { ...orderRef(orderId), ...extras[type] } as EventPayloads[T], { source: 'order' });

async function deliver<T extends keyof typeof handlers>(type: T, event: unknown): Promise<void> {
  await (handlers[type] as EventHandler)(event as never);
}

async function stock(sku: string) {
  const res = await p.call('GET', `/admin/inventory/${sku}`, { token: p.adminToken });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    sku: string;
    onHand: number;
    reserved: number;
    available: number;
    lowStockThreshold: number;
  };
}

async function eventsFor(type: string, orderId: string) {
  return (await p.outboxEvents(type)).filter((e) => e.data.orderId === orderId);
}

describe('GET/PUT /admin/inventory/:sku', () => {
  it('sets on-hand units and the threshold; refuses onHand below reserved (409)', async () => {
    const product = await p.product();
    expect(await stock(product.sku)).toEqual({
      sku: product.sku,
      onHand: 0,
      reserved: 0,
      available: 0,
      lowStockThreshold: 0,
    });
    const put = await p.call('PUT', `/admin/inventory/${product.sku.toLowerCase()}`, {
      token: p.adminToken,
      body: { onHand: 20, lowStockThreshold: 5 },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({
      sku: product.sku,
      onHand: 20,
      reserved: 0,
      available: 20,
      lowStockThreshold: 5,
    });

    await deliver('order.placed', placed([{ sku: product.sku, quantity: 8 }]));
    expect(await stock(product.sku)).toMatchObject({ onHand: 20, reserved: 8, available: 12 });
    const below = await p.call('PUT', `/admin/inventory/${product.sku}`, {
      token: p.adminToken,
      body: { onHand: 7 },
    });
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ code: 'ON_HAND_BELOW_RESERVED' });
    const exact = await p.call('PUT', `/admin/inventory/${product.sku}`, {
      token: p.adminToken,
      body: { onHand: 8 },
    });
    expect(exact.json()).toMatchObject({ onHand: 8, reserved: 8, available: 0 });
    // The product shows it.
    expect((await p.call('GET', `/products/${product.id}`)).json().stock).toEqual({
      available: 0,
      status: 'out_of_stock',
    });
  });

  it.each([
    ['a negative count', { onHand: -1 }],
    ['a fractional count', { onHand: 1.5 }],
    ['a count as a string', { onHand: '5' }],
    ['an unknown field', { onHand: 5, reserved: 0 }],
  ])('refuses %s (400)', async (_label, body) => {
    const product = await p.product();
    const res = await p.call('PUT', `/admin/inventory/${product.sku}`, { token: p.adminToken, body });
    expect(res.statusCode).toBe(400);
  });

  it('is 404 for an unknown sku and admin-only', async () => {
    expect((await p.call('GET', '/admin/inventory/NOPE-1', { token: p.adminToken })).statusCode).toBe(404);
    const buyer = await p.tokens.member('c');
    expect((await p.call('GET', '/admin/inventory/NOPE-1', { token: buyer })).statusCode).toBe(403);
  });

  it('publishes inventory.low_stock when availability crosses below the threshold, once', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 12, 10);
    await deliver('order.placed', placed([{ sku: product.sku, quantity: 2 }])); // 10: not below
    await deliver('order.placed', placed([{ sku: product.sku, quantity: 1 }])); // 9: crosses
    await deliver('order.placed', placed([{ sku: product.sku, quantity: 1 }])); // 8: already below
    const alerts = (await p.outboxEvents('inventory.low_stock')).filter((e) => e.data.sku === product.sku);
    expect(alerts.map((a) => a.data)).toEqual([{ sku: product.sku, available: 9, threshold: 10 }]);
    expect((await p.call('GET', `/products/${product.id}`)).json().stock).toEqual({
      available: 8,
      status: 'low_stock',
    });
  });
});

describe('reservations', () => {
  it('50 concurrent orders of 1 unit for 10 available, over two tasks: exactly 10 succeed, never negative', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 10);
    // A second task's handlers on the same database (its own context): the two race in the database.
    const otherTask = buildEventHandlers({
      consumer: 'product',
      db: p.mongo.db,
      handlers: productEventHandlers({ ...p.ctx }),
    });
    const orders = Array.from({ length: 50 }, () => placed([{ sku: product.sku, quantity: 1 }]));
    const readings: number[] = [];
    const watcher = (async () => {
      for (let i = 0; i < 20; i++)
        readings.push((await stock(product.sku)).onHand - (await stock(product.sku)).reserved);
    })();
    await Promise.all(
      orders.map((o, i) =>
        i % 2 === 0 ? deliver('order.placed', o) : (otherTask['order.placed'] as EventHandler)(o as never),
      ),
    );
    await watcher;
    expect(readings.every((r) => r >= 0)).toBe(true);

    const after = await stock(product.sku);
    expect(after).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    const reserved = (await p.outboxEvents('inventory.reserved')).filter((e) =>
      orders.some((o) => o.data.orderId === e.data.orderId),
    );
    const rejected = (await p.outboxEvents('inventory.rejected')).filter((e) =>
      orders.some((o) => o.data.orderId === e.data.orderId),
    );
    expect(reserved).toHaveLength(10);
    expect(rejected).toHaveLength(40);
    expect(rejected[0]?.data).toMatchObject({ reason: 'out_of_stock', skus: [product.sku] });
  }, 30_000);

  it('50 concurrent orders for the last units do bounded work: one attempt and one stock update per order', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 10);
    // Counts what each task does: a transaction attempt of order.placed reads the reservation
    // first, and every stock update of a line goes through inventory.hold.
    const counts = { attempts: 0, holds: 0 };
    const counting = (): typeof p.ctx => {
      const reservations = Object.create(p.ctx.repos.reservations) as typeof p.ctx.repos.reservations;
      reservations.findByOrderId = (...args) => {
        counts.attempts++;
        return p.ctx.repos.reservations.findByOrderId(...args);
      };
      const inventory = Object.create(p.ctx.repos.inventory) as typeof p.ctx.repos.inventory;
      inventory.hold = (...args) => {
        counts.holds++;
        return p.ctx.repos.inventory.hold(...args);
      };
      return { ...p.ctx, repos: { ...p.ctx.repos, reservations, inventory } };
    };
    const tasks = [0, 1].map(() =>
      buildEventHandlers({ consumer: 'product', db: p.mongo.db, handlers: productEventHandlers(counting()) }),
    );
    const orders = Array.from({ length: 50 }, () => placed([{ sku: product.sku, quantity: 1 }]));
    await Promise.all(orders.map((o, i) => (tasks[i % 2]!['order.placed'] as EventHandler)(o as never)));

    expect(await stock(product.sku)).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    // Orders competing for one stock document used to conflict and retry their whole transaction
    // (about 500 attempts for these 50); now nothing they write in a transaction is shared.
    expect(counts).toEqual({ attempts: 50, holds: 50 });
  }, 30_000);

  it('the same order.placed twice (even at once) reserves once and publishes once', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 100);
    const event = placed([{ sku: product.sku, quantity: 7 }]);
    await Promise.all([deliver('order.placed', event), deliver('order.placed', event)]);
    await deliver('order.placed', event);
    // A different event for the same order (a producer retry) is a no-op too.
    await deliver('order.placed', placed([{ sku: product.sku, quantity: 7 }], event.data.orderId));
    expect(await stock(product.sku)).toMatchObject({ reserved: 7, available: 93 });
    expect(await eventsFor('inventory.reserved', event.data.orderId)).toEqual([
      {
        type: 'inventory.reserved',
        data: { orderId: event.data.orderId, items: [{ sku: product.sku, quantity: 7 }] },
      },
    ]);
  });

  it('an attempt that held stock but never committed (a crash) is not counted twice by the redelivery', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 10);
    const skuKey = product.sku.toUpperCase();
    // What a crashed attempt leaves: the line held for the order, no reservation, no event.
    const crashed = placed([{ sku: product.sku, quantity: 3 }]);
    expect(await p.ctx.repos.inventory.hold(skuKey, crashed.data.orderId, 3, new Date())).toMatchObject({
      held: true,
    });
    expect(await stock(product.sku)).toMatchObject({ reserved: 3 });
    await deliver('order.placed', crashed);
    expect(await stock(product.sku)).toMatchObject({ reserved: 3, available: 7 });
    expect(await eventsFor('inventory.reserved', crashed.data.orderId)).toHaveLength(1);

    // An earlier attempt that held another quantity (the lines changed on a producer retry): the
    // new quantity replaces it.
    const changed = placed([{ sku: product.sku, quantity: 2 }]);
    await p.ctx.repos.inventory.hold(skuKey, changed.data.orderId, 5, new Date());
    expect(await stock(product.sku)).toMatchObject({ reserved: 8 });
    await deliver('order.placed', changed);
    expect(await stock(product.sku)).toMatchObject({ reserved: 5, available: 5 });

    // Positive control: releasing gives back exactly what each order holds.
    await deliver('order.cancelled', orderEvent('order.cancelled', crashed.data.orderId));
    await deliver('order.cancelled', orderEvent('order.cancelled', changed.data.orderId));
    expect(await stock(product.sku)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('a stray hold of an order whose reservation is over is given back by a repeated order.placed', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 4);
    const event = placed([{ sku: product.sku, quantity: 6 }]);
    await deliver('order.placed', event); // 6 > 4: rejected
    expect(await eventsFor('inventory.rejected', event.data.orderId)).toHaveLength(1);
    // A stalled attempt of the same order held units after the rejection was written.
    await p.setStock(product.sku, 10);
    await p.ctx.repos.inventory.hold(product.sku.toUpperCase(), event.data.orderId, 6, new Date());
    expect(await stock(product.sku)).toMatchObject({ reserved: 6 });
    // The stalled attempt's own retry (or a producer retry: another event for the order) finds the
    // reservation over and gives them back.
    await deliver('order.placed', placed([{ sku: product.sku, quantity: 6 }], event.data.orderId));
    expect(await stock(product.sku)).toMatchObject({ reserved: 0, available: 10 });
    expect(await eventsFor('inventory.reserved', event.data.orderId)).toEqual([]);
  });

  it('is all-or-nothing: a short line gives back the lines already taken, and names the short lines', async () => {
    const a = await p.product();
    const b = await p.product();
    await p.setStock(a.sku, 10);
    await p.setStock(b.sku, 3);
    const event = placed([
      { sku: a.sku, quantity: 4 },
      { sku: b.sku, quantity: 5 },
    ]);
    await deliver('order.placed', event);
    expect(await stock(a.sku)).toMatchObject({ reserved: 0, available: 10 });
    expect(await stock(b.sku)).toMatchObject({ reserved: 0, available: 3 });
    const [rejected] = await eventsFor('inventory.rejected', event.data.orderId);
    expect(rejected?.data).toMatchObject({
      orderId: event.data.orderId,
      reason: 'out_of_stock',
      skus: [b.sku],
    });
    expect(await eventsFor('inventory.reserved', event.data.orderId)).toEqual([]);

    // Positive control: within stock, both lines are held.
    const fits = placed([
      { sku: a.sku, quantity: 4 },
      { sku: b.sku, quantity: 3 },
    ]);
    await deliver('order.placed', fits);
    expect(await stock(a.sku)).toMatchObject({ reserved: 4 });
    expect(await stock(b.sku)).toMatchObject({ reserved: 3, available: 0 });
  });

  it('an unknown sku rejects the order without touching other stock', async () => {
    const a = await p.product();
    await p.setStock(a.sku, 5);
    const event = placed([
      { sku: a.sku, quantity: 1 },
      { sku: 'GHOST-1', quantity: 1 },
    ]);
    await deliver('order.placed', event);
    expect(await stock(a.sku)).toMatchObject({ reserved: 0 });
    expect((await eventsFor('inventory.rejected', event.data.orderId))[0]?.data.skus).toEqual(['GHOST-1']);
  });

  it('releases on order.cancelled and order.rejected, once', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 10);
    const one = placed([{ sku: product.sku, quantity: 3 }]);
    const two = placed([{ sku: product.sku, quantity: 4 }]);
    await deliver('order.placed', one);
    await deliver('order.placed', two);
    expect(await stock(product.sku)).toMatchObject({ reserved: 7 });
    const cancel = orderEvent('order.cancelled', one.data.orderId);
    await deliver('order.cancelled', cancel);
    await deliver('order.cancelled', cancel);
    await deliver('order.cancelled', orderEvent('order.cancelled', one.data.orderId));
    expect(await stock(product.sku)).toMatchObject({ reserved: 4, available: 6 });
    await deliver('order.rejected', orderEvent('order.rejected', two.data.orderId));
    expect(await stock(product.sku)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
  });

  it('a cancel that arrives before its order.placed leaves nothing reserved', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 10);
    const event = placed([{ sku: product.sku, quantity: 2 }]);
    await deliver('order.cancelled', orderEvent('order.cancelled', event.data.orderId));
    await deliver('order.placed', event);
    expect(await stock(product.sku)).toMatchObject({ reserved: 0, available: 10 });
  });

  it('commits on order.shipped: on hand and reserved both fall', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 10);
    const event = placed([{ sku: product.sku, quantity: 6 }]);
    await deliver('order.placed', event);
    await deliver('order.confirmed', orderEvent('order.confirmed', event.data.orderId));
    await deliver('order.shipped', orderEvent('order.shipped', event.data.orderId));
    await deliver('order.shipped', orderEvent('order.shipped', event.data.orderId));
    expect(await stock(product.sku)).toEqual({
      sku: product.sku,
      onHand: 4,
      reserved: 0,
      available: 4,
      lowStockThreshold: 0,
    });
    // A cancel after shipping changes nothing.
    await deliver('order.cancelled', orderEvent('order.cancelled', event.data.orderId));
    expect(await stock(product.sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('releases reservations never confirmed within the TTL; confirmed ones stay', async () => {
    const product = await p.product();
    await p.setStock(product.sku, 10);
    const stale = placed([{ sku: product.sku, quantity: 2 }]);
    const confirmed = placed([{ sku: product.sku, quantity: 3 }]);
    await deliver('order.placed', stale);
    await deliver('order.placed', confirmed);
    await deliver('order.confirmed', orderEvent('order.confirmed', confirmed.data.orderId));

    // Positive control: before the TTL nothing expires.
    p.advance(TTL_MS - 60_000);
    await expireReservations(p.ctx);
    expect(await stock(product.sku)).toMatchObject({ reserved: 5 });

    p.advance(2 * 60_000);
    expect(await expireReservations(p.ctx)).toBeGreaterThanOrEqual(1);
    expect(await stock(product.sku)).toMatchObject({ reserved: 3, available: 7 });
    // A late cancel of the expired order does not release twice.
    await deliver('order.cancelled', orderEvent('order.cancelled', stale.data.orderId));
    expect(await stock(product.sku)).toMatchObject({ reserved: 3 });
  });
});
