/**
 * Concurrent writes of one cart: every save is conditional on the revision it read, so racing
 * requests redo their change instead of overwriting each other's lines; two checkouts of one cart
 * make one order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  address,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
const skus = Array.from({ length: 10 }, (_, i) => `PART-${i}`);
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21933);
  for (const sku of skus) svc.products.put({ sku, name: sku, price: { amount: '2.50', currency: 'EUR' } });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

const add = (token: string, sku: string, quantity: number) =>
  svc.call('POST', '/cart/items', { token, body: { sku, quantity } });

describe('cart writes at the same time', () => {
  it('10 concurrent adds of different skus to one cart: no line is lost', async () => {
    const m = await svc.member();
    const results = await Promise.all(skus.map((sku, i) => add(m.token, sku, i + 1)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const cart = (await svc.call('GET', '/cart', { token: m.token })).json();
    expect(cart.items.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity]).sort()).toEqual(
      skus.map((sku, i) => [sku, i + 1]).sort(),
    );
    // 1+2+…+10 = 55 units at 2.50.
    expect(cart.subtotal).toEqual({ amount: '137.50', currency: 'EUR' });
  });

  it('10 concurrent adds of the same sku, next to a quick order of it: the quantities add up', async () => {
    const m = await svc.member();
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => add(m.token, 'PART-0', 3)),
      svc.call('POST', '/cart/items/bulk', {
        token: m.token,
        body: { items: [{ sku: 'PART-0', quantity: 5 }] },
      }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([...Array(10).fill(201), 200]);
    const cart = (await svc.call('GET', '/cart', { token: m.token })).json();
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]).toMatchObject({ sku: 'PART-0', quantity: 35 });
  });

  it('two checkouts of one cart at once (different keys): one order, the other 409 CART_CHANGED', async () => {
    const m = await svc.member();
    expect((await add(m.token, 'PART-1', 4)).statusCode).toBe(201);
    const checkout = (key: string) =>
      svc.call('POST', '/orders', {
        token: m.token,
        headers: { 'idempotency-key': key },
        body: { shippingAddress: address, paymentMethod: 'invoice' },
      });
    const results = await Promise.all([checkout(`a-${m.userId}`), checkout(`b-${m.userId}`)]);
    const codes = results.map((r) => r.statusCode).sort();
    // Both may also find the cart emptied by the other first (400 EMPTY_CART): never two orders.
    expect(codes[0]).toBe(201);
    expect([400, 409]).toContain(codes[1]);
    const loser = results.find((r) => r.statusCode !== 201)!;
    expect(['CART_CHANGED', 'EMPTY_CART']).toContain(loser.json().code);
    const orders = (await svc.call('GET', '/orders', { token: m.token })).json();
    expect(orders.total).toBe(1);
    expect((await svc.call('GET', '/cart', { token: m.token })).json().items).toEqual([]);
  });
});
