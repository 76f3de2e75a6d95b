/**
 * The order saga over the real services (user, product, order, payment, notification behind the
 * api-gateway, document-store bus), every step a call a buyer, approver, company admin or platform
 * admin makes through the gateway: checkout → confirmed, approvals, out of stock, declined cards,
 * cancellation, shipping → capture + invoice, duplicate and reordered events; and who may see what.
 */
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@b2b/shared/events';
import { fromJson, subtract, toJson } from '@b2b/shared/money';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Commerce, type Json, type Person, startCommerce } from './support/commerce.ts';

let shop: Commerce;
/** Company A: net30 with room to spare; the buyer's spending limit is 500. */
let companyAdmin: Person;
let approver: Person;
let buyer: Person;
/** Price 100.00 (one unit totals 136.85 with shipping and 19 % VAT), plenty in stock. */
let part: string;

beforeAll(async () => {
  shop = await startCommerce();
  companyAdmin = await shop.registerCompany();
  await shop.setCredit(companyAdmin, { paymentTerms: 'net30', creditLimit: '100000.00' });
  [approver, buyer] = await Promise.all([
    shop.addMember(companyAdmin, 'approver'),
    shop.addMember(companyAdmin, 'buyer', '500.00'),
  ]);
  part = await shop.createProduct('100.00', 1000);
}, 400_000);
afterAll(async () => {
  await shop?.stop();
}, 60_000);

const credit = async (person: Person) =>
  (await shop.api('GET', '/companies/me/credit', { token: person.token })).body;
const order = async (viewer: Person, id: string) =>
  (await shop.api('GET', `/orders/${id}`, { token: viewer.token })).body;

/** Orders the scenarios below reuse. */
const orders: Record<string, Json> = {};

describe('the saga through the gateway', () => {
  it('happy path: an invoice checkout is confirmed within 2 s, stock reserved and credit taken', async () => {
    const before = await shop.inventory(part);
    const creditBefore = await credit(companyAdmin);
    const placed = await shop.checkout(buyer, part, { quantity: 2 });
    const placedAt = Date.now();
    expect(placed).toMatchObject({ status: 'pending', paymentMethod: 'invoice', paymentStatus: 'none' });
    expect(placed.orderNumber).toMatch(/^SO-\d{4}-\d{6}$/);
    const confirmed = await shop.waitForStatus(buyer, placed.id, 'confirmed', 2_000);
    const tookMs = Date.now() - placedAt;
    process.stdout.write(`checkout → confirmed in ${tookMs} ms\n`);
    expect(confirmed).toMatchObject({ paymentStatus: 'authorized', total: placed.total });
    expect(confirmed.history.map((h: Json) => h.status)).toEqual(['pending', 'confirmed']);
    expect(await shop.inventory(part)).toEqual({
      onHand: before.onHand,
      reserved: before.reserved + 2,
      available: before.available - 2,
    });
    const payment = await shop.waitForPayment(buyer, placed.id, 'authorized');
    expect(payment).toMatchObject({ method: 'invoice', amount: placed.total });
    const used = fromJson((await credit(companyAdmin)).creditUsed);
    expect(toJson(subtract(used, fromJson(creditBefore.creditUsed)))).toEqual(placed.total);
    // The company page (user service) shows the ledger's figure, not a copy of its own.
    const company = await shop.api('GET', '/companies/me', { token: companyAdmin.token });
    expect(company.body.creditUsed).toEqual(toJson(used));
    const adminView = await shop.api('GET', `/admin/companies/${companyAdmin.companyId}`, {
      token: shop.adminToken,
    });
    expect(adminView.body.creditUsed).toEqual(toJson(used));
    orders.happy = confirmed;
  });

  it('over the spending limit: awaiting_approval, the approver approves, then confirmed', async () => {
    const placed = await shop.checkout(buyer, part, { quantity: 5 });
    expect(placed).toMatchObject({ status: 'awaiting_approval', approvalReasons: ['over_spending_limit'] });
    // Nothing is secured while it waits: no payment, no reservation.
    expect(
      (await shop.api('GET', `/payments?orderId=${placed.id}`, { token: buyer.token })).body.items,
    ).toEqual([]);
    // The buyer is no approver.
    expect(
      (await shop.api('POST', `/orders/${placed.id}/approve`, { token: buyer.token, body: {} })).status,
    ).toBe(403);
    const approved = await shop.api('POST', `/orders/${placed.id}/approve`, {
      token: approver.token,
      body: { reason: 'project budget' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'pending',
      approvals: [{ by: approver.userId, role: 'approver', decision: 'approved' }],
    });
    const confirmed = await shop.waitForStatus(buyer, placed.id, 'confirmed');
    expect(confirmed.history.map((h: Json) => h.status)).toEqual([
      'awaiting_approval',
      'pending',
      'confirmed',
    ]);
    // Once: a second decision is a 409.
    expect(
      (await shop.api('POST', `/orders/${placed.id}/approve`, { token: approver.token, body: {} })).status,
    ).toBe(409);
  });

  it('rejected by the approver: rejected with the reason, never reserved nor charged', async () => {
    const before = await shop.inventory(part);
    const placed = await shop.checkout(buyer, part, { quantity: 6 });
    expect(placed.status).toBe('awaiting_approval');
    const rejected = await shop.api('POST', `/orders/${placed.id}/reject`, {
      token: companyAdmin.token,
      body: { reason: 'not this quarter' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      approvals: [{ by: companyAdmin.userId, role: 'company_admin', decision: 'rejected' }],
    });
    expect(rejected.body.history.at(-1)).toMatchObject({ status: 'rejected', reason: 'not this quarter' });
    // order.rejected went out and was handled; still no reservation and no payment.
    const event = await shop.published('order', 'order.rejected', placed.id);
    await shop.waitHandled([event.id]);
    expect(await shop.inventory(part)).toEqual(before);
    expect(
      (await shop.api('GET', `/payments?orderId=${placed.id}`, { token: buyer.token })).body.items,
    ).toEqual([]);
    expect((await order(buyer, placed.id)).status).toBe('rejected');
  });

  it('out of stock at reservation: cancelled out_of_stock and the card authorization voided', async () => {
    const last = await shop.createProduct('600.00', 1);
    // Over the buyer's limit: it waits for approval, so nothing is reserved yet ...
    const waiting = await shop.checkout(buyer, last, { paymentMethod: 'card', cardToken: 'tok_visa' });
    expect(waiting.status).toBe('awaiting_approval');
    // ... while the company admin buys the last unit.
    const first = await shop.checkout(companyAdmin, last, { paymentMethod: 'card', cardToken: 'tok_visa' });
    await shop.waitForStatus(companyAdmin, first.id, 'confirmed');
    expect(await shop.inventory(last)).toEqual({ onHand: 1, reserved: 1, available: 0 });

    const approved = await shop.api('POST', `/orders/${waiting.id}/approve`, {
      token: approver.token,
      body: {},
    });
    expect(approved.status).toBe(200);
    const cancelled = await shop.waitForStatus(buyer, waiting.id, 'cancelled');
    expect(cancelled).toMatchObject({ cancellationReason: 'out_of_stock' });
    expect(cancelled.history.at(-1)).toMatchObject({ status: 'cancelled', reason: 'out_of_stock' });
    const payment = await shop.waitForPayment(buyer, waiting.id, 'voided');
    expect(payment.transactions.map((t: Json) => t.type)).toEqual(['authorization', 'void']);
    // The confirmed order keeps its unit and its authorization.
    expect(await shop.inventory(last)).toEqual({ onHand: 1, reserved: 1, available: 0 });
    expect((await shop.waitForPayment(companyAdmin, first.id)).status).toBe('authorized');
  });

  it('declined card: cancelled payment_declined and the reserved stock released', async () => {
    const sku = await shop.createProduct('40.00', 10);
    const placed = await shop.checkout(buyer, sku, {
      quantity: 3,
      paymentMethod: 'card',
      cardToken: 'tok_chargeDeclined',
    });
    const cancelled = await shop.waitForStatus(buyer, placed.id, 'cancelled');
    expect(cancelled).toMatchObject({ cancellationReason: 'payment_declined', paymentStatus: 'declined' });
    // The product service had reserved the 3 units; order.cancelled gives them back.
    await shop.published('product', 'inventory.reserved', placed.id);
    const released = await shop.published('order', 'order.cancelled', placed.id);
    await shop.waitHandled([released.id]);
    expect(await shop.inventory(sku)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    const product = await shop.api('GET', `/products/${sku}`, { token: buyer.token });
    expect(product.status).toBe(200);
    expect((await shop.waitForPayment(buyer, placed.id)).status).toBe('declined');
  });

  it('buyer cancels a confirmed order: stock released and the card authorization voided', async () => {
    const sku = await shop.createProduct('25.00', 8);
    const placed = await shop.checkout(buyer, sku, {
      quantity: 4,
      paymentMethod: 'card',
      cardToken: 'tok_visa',
    });
    await shop.waitForStatus(buyer, placed.id, 'confirmed');
    expect(await shop.inventory(sku)).toEqual({ onHand: 8, reserved: 4, available: 4 });
    const cancelled = await shop.api('POST', `/orders/${placed.id}/cancel`, { token: buyer.token, body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'cancelled_by_buyer' });
    const payment = await shop.waitForPayment(buyer, placed.id, 'voided');
    expect(payment.transactions.map((t: Json) => t.type)).toEqual(['authorization', 'void']);
    const event = await shop.published('order', 'order.cancelled', placed.id);
    await shop.waitHandled([event.id]);
    expect(await shop.inventory(sku)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    // Twice: the order is no longer cancellable.
    expect(
      (await shop.api('POST', `/orders/${placed.id}/cancel`, { token: buyer.token, body: {} })).status,
    ).toBe(409);
    orders.cancelledByBuyer = { ...cancelled.body, sku };
  });

  it('admin ships: the invoice payment is captured and an invoice issued on net30; stock leaves the shelf', async () => {
    const sku = await shop.createProduct('100.00', 5);
    const placed = await shop.checkout(buyer, sku, { quantity: 2 });
    await shop.waitForStatus(buyer, placed.id, 'confirmed');
    const shipped = await shop.api('POST', `/admin/orders/${placed.id}/ship`, {
      token: shop.adminToken,
      body: { carrier: 'DHL', trackingNumber: 'JD0001' },
    });
    expect(shipped.status).toBe(200);
    expect(shipped.body.status).toBe('shipped');
    const payment = await shop.waitForPayment(buyer, placed.id, 'captured');
    expect(payment.capturedAmount).toEqual(placed.total);
    const invoices = await shop.api('GET', '/invoices?limit=100', { token: companyAdmin.token });
    expect(invoices.status).toBe(200);
    const invoice = invoices.body.items.find((i: Json) => i.orderId === placed.id);
    expect(invoice).toMatchObject({ amount: placed.total, status: 'open', paymentId: payment.id });
    expect(invoice.number).toMatch(/^INV-\d{4}-\d{6}$/);
    const days = (Date.parse(invoice.dueDate) - Date.parse(invoice.issuedAt)) / 86_400_000;
    expect(days).toBe(30);
    // The order learns of the capture; the product service commits the stock.
    await pollUntilOrder(buyer, placed.id, (o) => o.paymentStatus === 'captured');
    const event = await shop.published('order', 'order.shipped', placed.id);
    await shop.waitHandled([event.id]);
    expect(await shop.inventory(sku)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    // Invoices are the company admin's and the platform's: a buyer gets 403.
    expect((await shop.api('GET', `/invoices/${invoice.id}`, { token: buyer.token })).status).toBe(403);
    orders.shipped = { ...placed, invoiceId: invoice.id, paymentId: payment.id };
  });

  it('admin ships a card order: the provider capture is recorded, no invoice', async () => {
    const placed = await shop.checkout(buyer, part, { paymentMethod: 'card', cardToken: 'tok_visa' });
    await shop.waitForStatus(buyer, placed.id, 'confirmed');
    const held = await shop.inventory(part);
    const shipped = await shop.api('POST', `/admin/orders/${placed.id}/ship`, {
      token: shop.adminToken,
      body: { carrier: 'UPS', trackingNumber: '1Z999' },
    });
    expect(shipped.status).toBe(200);
    const payment = await shop.waitForPayment(buyer, placed.id, 'captured');
    expect(payment).toMatchObject({ method: 'card', capturedAmount: placed.total, invoiceId: null });
    expect(payment.transactions.map((t: Json) => t.type)).toEqual(['authorization', 'capture']);
    await pollUntilOrder(buyer, placed.id, (o) => o.paymentStatus === 'captured');
    // The product service commits the shipped unit: it leaves both onHand and reserved. Waiting
    // for it here also keeps the next test's stock snapshot from racing this shipment.
    const event = await shop.published('order', 'order.shipped', placed.id);
    await shop.waitHandled([event.id]);
    expect(await shop.inventory(part)).toEqual({
      onHand: held.onHand - 1,
      reserved: held.reserved - 1,
      available: held.available,
    });
  });

  it('duplicate saga events change nothing: reservation, payment, credit and order stay as they were', async () => {
    const confirmed = orders.happy;
    const [placed, reserved, authorized] = await Promise.all([
      shop.published('order', 'order.placed', confirmed.id),
      shop.published('product', 'inventory.reserved', confirmed.id),
      shop.published('payment', 'payment.authorized', confirmed.id),
    ]);
    const before = {
      order: await order(buyer, confirmed.id),
      stock: await shop.inventory(part),
      credit: await credit(companyAdmin),
      payments: (await shop.api('GET', `/payments?orderId=${confirmed.id}`, { token: buyer.token })).body,
    };
    // Redelivered, each twice, as an at-least-once bus may.
    await shop.publish(placed, reserved, authorized);
    await shop.waitHandled([placed.id, reserved.id, authorized.id]);
    await shop.publish(placed, reserved, authorized);
    await shop.waitHandled([placed.id, reserved.id, authorized.id]);
    expect(await order(buyer, confirmed.id)).toEqual(before.order);
    expect(await shop.inventory(part)).toEqual(before.stock);
    expect(await credit(companyAdmin)).toEqual(before.credit);
    expect((await shop.api('GET', `/payments?orderId=${confirmed.id}`, { token: buyer.token })).body).toEqual(
      before.payments,
    );
  });

  it('reordered events change nothing: a placement and success replies arriving after the cancellation', async () => {
    const cancelled = orders.cancelledByBuyer;
    const [placed, reserved, authorized] = await Promise.all([
      shop.published('order', 'order.placed', cancelled.id),
      shop.published('product', 'inventory.reserved', cancelled.id),
      shop.published('payment', 'payment.authorized', cancelled.id),
    ]);
    // New deliveries (new ids, so no consumer has seen them) of events that belong before the cancel.
    const late = [placed, reserved, authorized].map((e): EventEnvelope => ({ ...e, id: randomUUID() }));
    const before = {
      order: await order(buyer, cancelled.id),
      stock: await shop.inventory(cancelled.sku),
      payment: await shop.waitForPayment(buyer, cancelled.id, 'voided'),
    };
    await shop.publish(...late);
    await shop.waitHandled(late.map((e) => e.id));
    expect(await order(buyer, cancelled.id)).toEqual(before.order);
    expect(await shop.inventory(cancelled.sku)).toEqual(before.stock);
    expect(await shop.waitForPayment(buyer, cancelled.id)).toEqual(before.payment);
    // And a late failure reply for a confirmed order does not cancel it.
    const lateDecline: EventEnvelope = {
      ...authorized,
      id: randomUUID(),
      type: 'payment.declined',
      data: { paymentId: 'late', orderId: orders.happy.id, reason: 'payment_declined' },
    };
    await shop.publish(lateDecline);
    await shop.waitHandled([lateDecline.id]);
    expect((await order(buyer, orders.happy.id)).status).toBe('confirmed');
  });
});

function pollUntilOrder(viewer: Person, id: string, done: (o: Json) => boolean) {
  return pollUntil(
    async () => {
      const now = await order(viewer, id);
      return done(now) && now;
    },
    { timeoutMs: 15_000, message: `order ${id} condition` },
  );
}

describe('who sees what', () => {
  let stranger: Person;
  let otherBuyer: Person;
  beforeAll(async () => {
    stranger = await shop.registerCompany();
    otherBuyer = await shop.addMember(companyAdmin, 'buyer');
  }, 60_000);

  it("another company's order, payment, invoice and cart lines are 404; the owners get 200", async () => {
    const { shipped } = orders;
    const paths = [
      `/orders/${shipped.id}`,
      `/payments/${shipped.paymentId}`,
      `/invoices/${shipped.invoiceId}`,
    ];
    for (const path of paths) {
      expect((await shop.api('GET', path, { token: companyAdmin.token })).status, path).toBe(200);
      const hidden = await shop.api('GET', path, { token: stranger.token });
      expect(hidden.status, path).toBe(404);
      expect(hidden.body).toMatchObject({ status: 404 });
    }
    expect(
      (await shop.api('GET', `/payments?orderId=${shipped.id}`, { token: stranger.token })).body.items,
    ).toEqual([]);
    expect((await shop.api('GET', '/invoices?limit=100', { token: stranger.token })).body.items).toEqual([]);
    for (const action of ['cancel', 'approve', 'reject', 'reorder']) {
      const res = await shop.api('POST', `/orders/${orders.happy.id}/${action}`, {
        token: stranger.token,
        body: {},
      });
      expect(res.status, action).toBe(404);
    }
    // A cart line of company A's buyer cannot be touched by the stranger.
    const cart = await shop.api('POST', '/cart/items', {
      token: buyer.token,
      body: { sku: part, quantity: 1 },
    });
    const lineId = cart.body.items[0].id;
    expect(
      (await shop.api('PATCH', `/cart/items/${lineId}`, { token: stranger.token, body: { quantity: 3 } }))
        .status,
    ).toBe(404);
    expect((await shop.api('DELETE', `/cart/items/${lineId}`, { token: stranger.token })).status).toBe(404);
    expect((await shop.api('GET', '/cart', { token: stranger.token })).body.items).toEqual([]);
    const own = await shop.api('PATCH', `/cart/items/${lineId}`, {
      token: buyer.token,
      body: { quantity: 3 },
    });
    expect(own.status).toBe(200);
    expect(own.body.items[0].quantity).toBe(3);
    expect((await shop.api('DELETE', '/cart', { token: buyer.token })).status).toBe(204);
  });

  it("a buyer sees only their own orders; approvers and company admins see the company's", async () => {
    const mine = await shop.checkout(otherBuyer, part);
    const listed = async (viewer: Person) =>
      (await shop.api('GET', '/orders?limit=100', { token: viewer.token })).body.items.map((o: Json) => o.id);
    expect(await listed(otherBuyer)).toEqual([mine.id]);
    const buyers = await listed(buyer);
    expect(buyers).not.toContain(mine.id);
    expect(buyers).toContain(orders.happy.id);
    for (const viewer of [approver, companyAdmin]) {
      const all = await listed(viewer);
      expect(all).toContain(mine.id);
      expect(all).toContain(orders.happy.id);
    }
    expect((await shop.api('GET', `/orders/${orders.happy.id}`, { token: otherBuyer.token })).status).toBe(
      404,
    );
    expect((await shop.api('GET', `/orders/${mine.id}`, { token: approver.token })).status).toBe(200);
    expect(await listed(stranger)).toEqual([]);
  });

  it('a buyer the order service has not heard of yet is decided on the user service’s snapshot, not held as buyer_unknown', async () => {
    // A checkout can come before member.updated / company.updated reach the order service (a
    // company registered a second ago). The order service then asks the user service for the
    // snapshots (GET /internal/members/:id, /internal/companies/:id). Before, such an order waited
    // for an approval nobody in a one-person company gives (a CI failure). Made deterministic
    // here: once the events have arrived, the order service's copies are deleted.
    const sku = await shop.createProduct('20.00', 50);
    const fresh = await shop.registerCompany();
    const orderDb = shop.platform.db('order');
    await pollUntil(() => orderDb.collection('member_projections').findOne({ _id: fresh.userId as never }), {
      timeoutMs: 15_000,
      message: 'the member snapshot in the order service',
    });
    await orderDb.collection('member_projections').deleteOne({ _id: fresh.userId as never });
    await orderDb.collection('company_projections').deleteOne({ _id: fresh.companyId as never });
    const order = await shop.checkout(fresh, sku, { paymentMethod: 'card', cardToken: 'tok_visa' });
    expect(order).toMatchObject({ status: 'pending', approvalReasons: [] });
    await shop.waitForStatus(fresh, order.id, 'confirmed');
    // The fetched snapshots are the order service's copies again.
    expect(
      await orderDb.collection('member_projections').findOne({ _id: fresh.userId as never }),
    ).toMatchObject({
      companyRole: 'company_admin',
    });
    expect(
      await orderDb.collection('company_projections').findOne({ _id: fresh.companyId as never }),
    ).toMatchObject({ status: 'active' });
  });
});
