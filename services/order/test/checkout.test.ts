import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  address,
  type Member,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21902);
  svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '120.00', currency: 'EUR' } });
  svc.products.put({ sku: 'SAW-2', name: 'Saw', price: { amount: '19.99', currency: 'EUR' }, available: 2 });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

const checkoutBody = {
  shippingAddress: address,
  paymentMethod: 'invoice',
  poNumber: 'PO-77',
  costCenter: 'CC-1',
};

async function fill(m: Member, sku = 'DRILL-1', quantity = 1) {
  const res = await svc.call('POST', '/cart/items', { token: m.token, body: { sku, quantity } });
  expect(res.statusCode).toBe(201);
}

describe('checkout', () => {
  it('turns the cart into a pending order with an SO number, stages order.placed and empties the cart', async () => {
    const m = await svc.member();
    await fill(m, 'DRILL-1', 2);
    const res = await svc.call('POST', '/orders', { token: m.token, body: checkoutBody });
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      status: 'pending',
      companyId: m.companyId,
      userId: m.userId,
      items: [
        {
          sku: 'DRILL-1',
          quantity: 2,
          unitPrice: { amount: '120.00', currency: 'EUR' },
          lineTotal: { amount: '240.00', currency: 'EUR' },
        },
      ],
      subtotal: { amount: '240.00', currency: 'EUR' },
      shipping: { amount: '15.00', currency: 'EUR' },
      tax: { amount: '48.45', currency: 'EUR' },
      total: { amount: '303.45', currency: 'EUR' },
      poNumber: 'PO-77',
      costCenter: 'CC-1',
      paymentStatus: 'none',
      cancellationReason: null,
      approvals: [],
      shippingAddress: { ...address, line2: null },
    });
    expect(order.orderNumber).toMatch(new RegExp(`^SO-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(order.history).toEqual([expect.objectContaining({ status: 'pending', by: m.userId })]);
    const placed = (await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === order.id);
    expect(placed).toHaveLength(1);
    expect(placed[0]?.data).toEqual({
      orderId: order.id,
      orderNumber: order.orderNumber,
      companyId: m.companyId,
      userId: m.userId,
      items: [{ sku: 'DRILL-1', quantity: 2, unitPrice: { amount: '120.00', currency: 'EUR' } }],
      total: { amount: '303.45', currency: 'EUR' },
      paymentMethod: 'invoice',
    });
    expect((await svc.call('GET', '/cart', { token: m.token })).json().items).toEqual([]);
    // Empty cart now: a second checkout is a 400.
    const again = await svc.call('POST', '/orders', { token: m.token, body: checkoutBody });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('EMPTY_CART');
  });

  it('gives concurrent checkouts distinct, consecutive order numbers', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => svc.member()));
    for (const m of members) await fill(m);
    const answers = await Promise.all(
      members.map((m) => svc.call('POST', '/orders', { token: m.token, body: checkoutBody })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(members.map(() => 201));
    const numbers = answers.map((a) => Number(a.json().orderNumber.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers.at(-1)! - numbers[0]!).toBe(5);
  });

  it('replays the same Idempotency-Key with the same body, refuses it with another body (409)', async () => {
    const m = await svc.member();
    await fill(m);
    const headers = { 'idempotency-key': `key-${m.userId}` };
    const first = await svc.call('POST', '/orders', { token: m.token, body: checkoutBody, headers });
    expect(first.statusCode).toBe(201);
    const replay = await svc.call('POST', '/orders', { token: m.token, body: checkoutBody, headers });
    expect(replay.statusCode).toBe(201);
    expect(replay.json().id).toBe(first.json().id);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const other = await svc.call('POST', '/orders', {
      token: m.token,
      body: { ...checkoutBody, poNumber: 'PO-78' },
      headers,
    });
    expect(other.statusCode).toBe(409);
    expect((await svc.outboxEvents('order.placed')).filter((e) => e.data.userId === m.userId)).toHaveLength(
      1,
    );
  });

  it('validates the address and payment, refuses unknown fields', async () => {
    const m = await svc.member();
    await fill(m);
    for (const body of [
      { ...checkoutBody, shippingAddress: { ...address, country: 'Germany' } },
      { ...checkoutBody, shippingAddress: { line1: 'x', city: 'y', country: 'DE' } },
      { ...checkoutBody, status: 'confirmed' },
      { ...checkoutBody, total: { amount: '0.01', currency: 'EUR' } },
      { ...checkoutBody, paymentMethod: 'cash' },
      { ...checkoutBody, paymentMethod: 'card' },
    ]) {
      const res = await svc.call('POST', '/orders', { token: m.token, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const card = await svc.call('POST', '/orders', {
      token: m.token,
      body: { ...checkoutBody, paymentMethod: 'card', cardToken: 'tok_visa' },
    });
    expect(card.statusCode).toBe(201);
    expect(card.json()).not.toHaveProperty('cardToken');
    const placed = (await svc.outboxEvents('order.placed')).find((e) => e.data.orderId === card.json().id);
    expect(placed?.data.cardToken).toBe('tok_visa');
  });

  it('refuses a company on hold (403) and a cart that cannot be ordered as it is (409)', async () => {
    const held = await svc.member({ company: { status: 'on_hold' } });
    await fill(held);
    const res = await svc.call('POST', '/orders', { token: held.token, body: checkoutBody });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('COMPANY_ON_HOLD');

    const m = await svc.member();
    await fill(m, 'SAW-2', 2);
    svc.products.put({
      sku: 'SAW-2',
      name: 'Saw',
      price: { amount: '19.99', currency: 'EUR' },
      available: 1,
    });
    const short = await svc.call('POST', '/orders', { token: m.token, body: checkoutBody });
    expect(short.statusCode).toBe(409);
    expect(short.json().errors).toEqual([{ path: '/items/0', message: 'SAW-2: only 1 available' }]);
    svc.products.put({
      sku: 'SAW-2',
      name: 'Saw',
      price: { amount: '19.99', currency: 'EUR' },
      available: 5,
    });
    expect((await svc.call('POST', '/orders', { token: m.token, body: checkoutBody })).statusCode).toBe(201);
  });

  it('charges the price quoted at checkout, not the one the cart remembered', async () => {
    const m = await svc.member();
    svc.products.put({ sku: 'TAPE-1', name: 'Tape', price: { amount: '2.00', currency: 'EUR' } });
    await fill(m, 'TAPE-1', 10);
    svc.products.put({ sku: 'TAPE-1', name: 'Tape', price: { amount: '2.50', currency: 'EUR' } });
    const order = (await svc.call('POST', '/orders', { token: m.token, body: checkoutBody })).json();
    expect(order.subtotal.amount).toBe('25.00');
  });
});

describe('approvals', () => {
  it('holds an order over the buyer spending limit; an approver of the company approves it → pending + order.placed', async () => {
    const buyer = await svc.member({ spendingLimit: '200.00' });
    const approver = await svc.member({ companyId: buyer.companyId, role: 'approver' });
    const stranger = await svc.member({ role: 'approver' });
    await fill(buyer, 'DRILL-1', 2);
    const order = (await svc.call('POST', '/orders', { token: buyer.token, body: checkoutBody })).json();
    expect(order.status).toBe('awaiting_approval');
    expect(order.approvalReasons).toEqual(['over_spending_limit']);
    expect((await svc.outboxEvents('order.awaiting_approval')).some((e) => e.data.orderId === order.id)).toBe(
      true,
    );
    expect((await svc.outboxEvents('order.placed')).some((e) => e.data.orderId === order.id)).toBe(false);

    // The buyer cannot approve (not an approver); another company's approver cannot see it.
    expect(
      (await svc.call('POST', `/orders/${order.id}/approve`, { token: buyer.token, body: {} })).statusCode,
    ).toBe(403);
    expect(
      (await svc.call('POST', `/orders/${order.id}/approve`, { token: stranger.token, body: {} })).statusCode,
    ).toBe(404);
    expect((await svc.call('GET', `/orders/${order.id}`, { token: stranger.token })).statusCode).toBe(404);

    const approved = await svc.call('POST', `/orders/${order.id}/approve`, {
      token: approver.token,
      body: { reason: 'budgeted' },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'pending',
      approvals: [{ by: approver.userId, role: 'approver', decision: 'approved', reason: 'budgeted' }],
    });
    expect(approved.json().history.map((h: { status: string }) => h.status)).toEqual([
      'awaiting_approval',
      'pending',
    ]);
    expect((await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === order.id)).toHaveLength(
      1,
    );
    // Decided once: a second decision is a 409.
    expect(
      (await svc.call('POST', `/orders/${order.id}/reject`, { token: approver.token, body: {} })).statusCode,
    ).toBe(409);
  });

  it('a buyer under the limit goes straight to pending; a company admin who placed it cannot approve it', async () => {
    const buyer = await svc.member({ spendingLimit: '1000.00' });
    await fill(buyer);
    expect(
      (await svc.call('POST', '/orders', { token: buyer.token, body: checkoutBody })).json().status,
    ).toBe('pending');

    const admin = await svc.member({ role: 'company_admin', spendingLimit: '10.00' });
    await fill(admin);
    const own = (await svc.call('POST', '/orders', { token: admin.token, body: checkoutBody })).json();
    expect(own.status).toBe('awaiting_approval');
    const self = await svc.call('POST', `/orders/${own.id}/approve`, { token: admin.token, body: {} });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('OWN_ORDER_APPROVAL');
  });

  it('a company admin rejects → rejected + order.rejected', async () => {
    const buyer = await svc.member({ spendingLimit: '1.00' });
    const admin = await svc.member({ companyId: buyer.companyId, role: 'company_admin' });
    await fill(buyer);
    const order = (await svc.call('POST', '/orders', { token: buyer.token, body: checkoutBody })).json();
    const rejected = await svc.call('POST', `/orders/${order.id}/reject`, {
      token: admin.token,
      body: { reason: 'not now' },
    });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      approvals: [{ decision: 'rejected', role: 'company_admin' }],
    });
    const events = (await svc.outboxEvents('order.rejected')).filter((e) => e.data.orderId === order.id);
    expect(events.map((e) => e.data.reason)).toEqual(['not now']);
  });

  it('approval decisions racing for one order: exactly one wins', async () => {
    const buyer = await svc.member({ spendingLimit: '1.00' });
    const approvers = await Promise.all(
      [1, 2, 3, 4].map(() => svc.member({ companyId: buyer.companyId, role: 'approver' })),
    );
    await fill(buyer);
    const order = (await svc.call('POST', '/orders', { token: buyer.token, body: checkoutBody })).json();
    const answers = await Promise.all(
      approvers.map((a, i) =>
        svc.call('POST', `/orders/${order.id}/${i % 2 ? 'reject' : 'approve'}`, { token: a.token, body: {} }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const placed = (await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === order.id);
    const rejected = (await svc.outboxEvents('order.rejected')).filter((e) => e.data.orderId === order.id);
    expect(placed.length + rejected.length).toBe(1);
  });
});

describe('order lists and scope', () => {
  it('buyers see their own orders, approvers the company, ?status filters', async () => {
    const b1 = await svc.member();
    const b2 = await svc.member({ companyId: b1.companyId });
    const approver = await svc.member({ companyId: b1.companyId, role: 'approver' });
    await fill(b1);
    await svc.call('POST', '/orders', { token: b1.token, body: checkoutBody });
    await fill(b2);
    await svc.call('POST', '/orders', { token: b2.token, body: checkoutBody });
    const mine = (await svc.call('GET', '/orders', { token: b1.token })).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0].userId).toBe(b1.userId);
    const company = (await svc.call('GET', '/orders?status=pending', { token: approver.token })).json();
    expect(company).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect((await svc.call('GET', '/orders?status=shipped', { token: approver.token })).json().total).toBe(0);
    // A buyer cannot read a colleague's order.
    const colleague = mine.items[0].id;
    expect((await svc.call('GET', `/orders/${colleague}`, { token: b2.token })).statusCode).toBe(404);
    expect((await svc.call('GET', `/orders/${colleague}`, { token: approver.token })).statusCode).toBe(200);
    expect((await svc.call('GET', '/orders?status=nonsense', { token: b1.token })).statusCode).toBe(400);
  });
});
