/**
 * The order saga's state machine, driven by delivering replies by hand through the consumer's own
 * handlers (idempotency records, transactions and staged replies as in production): duplicates,
 * any order of arrival, replies after a cancellation, concurrent replies, and the pending deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelStalePendingOrders } from '../src/domain/order-lifecycle.ts';
import {
  address,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21903);
  svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '120.00', currency: 'EUR' } });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

const body = { shippingAddress: address, paymentMethod: 'invoice' };

async function pendingOrder() {
  const m = await svc.member();
  await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } });
  const order = (await svc.call('POST', '/orders', { token: m.token, body })).json();
  expect(order.status).toBe('pending');
  return { m, order };
}

/** Each reply as the bus would hand it over; `id` reuses an envelope id (a redelivery). */
const reserved = (orderId: string, id?: string) =>
  svc.deliver('inventory.reserved', { orderId, items: [{ sku: 'DRILL-1', quantity: 1 }] }, 'product', id);
const rejected = (orderId: string, id?: string) =>
  svc.deliver('inventory.rejected', { orderId, reason: 'out of stock', skus: ['DRILL-1'] }, 'product', id);
const authorized = (orderId: string, id?: string) =>
  svc.deliver(
    'payment.authorized',
    { paymentId: 'pay-1', orderId, amount: { amount: '157.85', currency: 'EUR' } },
    'payment',
    id,
  );
const declined = (orderId: string, id?: string) =>
  svc.deliver('payment.declined', { paymentId: 'pay-1', orderId, reason: 'credit limit' }, 'payment', id);

async function status(orderId: string) {
  const order = await svc.ctx.repos.orders.findById(orderId);
  return order;
}
async function events(type: string, orderId: string) {
  return (await svc.outboxEvents(type)).filter((e) => e.data.orderId === orderId);
}

describe('saga replies', () => {
  it('confirms once both steps succeeded, in either order, and a duplicate changes nothing', async () => {
    for (const [first, second] of [
      [reserved, authorized],
      [authorized, reserved],
    ] as const) {
      const { order } = await pendingOrder();
      await first(order.id);
      expect((await status(order.id))?.status).toBe('pending');
      await second(order.id);
      const after = await status(order.id);
      expect(after).toMatchObject({
        status: 'confirmed',
        paymentStatus: 'authorized',
        saga: { stock: 'reserved', payment: 'authorized' },
      });
      // The same replies again, as redeliveries with new envelope ids: still one confirmation.
      await first(order.id);
      await second(order.id);
      expect((await status(order.id))?.status).toBe('confirmed');
      expect(await events('order.confirmed', order.id)).toHaveLength(1);
      expect((await status(order.id))?.history.map((h) => h.status)).toEqual(['pending', 'confirmed']);
    }
  });

  it('cancels with out_of_stock or payment_declined, once, and later replies do not revive the order', async () => {
    const a = (await pendingOrder()).order;
    await authorized(a.id);
    await rejected(a.id);
    expect(await status(a.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'out_of_stock' });
    expect((await events('order.cancelled', a.id)).map((e) => e.data.reason)).toEqual(['out_of_stock']);

    const b = (await pendingOrder()).order;
    await declined(b.id);
    await reserved(b.id); // after the cancellation
    await declined(b.id); // a duplicate
    expect(await status(b.id)).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'payment_declined',
      paymentStatus: 'declined',
    });
    expect((await events('order.cancelled', b.id)).map((e) => e.data.reason)).toEqual(['payment_declined']);
    expect(await events('order.confirmed', b.id)).toHaveLength(0);
  });

  it('both replies at the same moment, each delivered twice at once: one confirmation', async () => {
    const { order } = await pendingOrder();
    await Promise.all([reserved(order.id), authorized(order.id), reserved(order.id), authorized(order.id)]);
    expect((await status(order.id))?.status).toBe('confirmed');
    expect(await events('order.confirmed', order.id)).toHaveLength(1);
  });

  it('a success and a failure racing: exactly one outcome, with exactly one event', async () => {
    const { order } = await pendingOrder();
    await reserved(order.id);
    await Promise.all([authorized(order.id), declined(order.id)]);
    const after = await status(order.id);
    // Whichever committed first decides; the state is one of the two legal outcomes, with one event.
    const confirmed = await events('order.confirmed', order.id);
    const cancelled = await events('order.cancelled', order.id);
    expect(confirmed.length + cancelled.length).toBe(1);
    expect(after?.status).toBe(confirmed.length ? 'confirmed' : 'cancelled');
  });

  it('the same envelope id twice is handled once (the consumer remembers handled events)', async () => {
    const { order } = await pendingOrder();
    const id = crypto.randomUUID();
    await rejected(order.id, id);
    await rejected(order.id, id);
    expect(await events('order.cancelled', order.id)).toHaveLength(1);
  });

  it('payment.captured and payment.refunded show on the order; a late capture never undoes a refund', async () => {
    const { order } = await pendingOrder();
    await svc.deliver(
      'payment.refunded',
      { paymentId: 'p', orderId: order.id, amount: { amount: '1.00', currency: 'EUR' } },
      'payment',
    );
    await svc.deliver(
      'payment.captured',
      { paymentId: 'p', orderId: order.id, amount: { amount: '1.00', currency: 'EUR' } },
      'payment',
    );
    expect((await status(order.id))?.paymentStatus).toBe('refunded');
    const other = (await pendingOrder()).order;
    await svc.deliver(
      'payment.captured',
      { paymentId: 'p', orderId: other.id, amount: { amount: '1.00', currency: 'EUR' } },
      'payment',
    );
    expect((await status(other.id))?.paymentStatus).toBe('captured');
  });

  it('a partial refund shows partially_refunded, the rest refunded; a late earlier refund or a late capture changes nothing', async () => {
    const { order } = await pendingOrder();
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    const refund = (amount: string, total: string) =>
      svc.deliver(
        'payment.refunded',
        {
          paymentId: 'p',
          orderId: order.id,
          amount: eur(amount),
          refundedTotal: eur(total),
          capturedAmount: eur('30.00'),
        },
        'payment',
      );
    await svc.deliver(
      'payment.captured',
      { paymentId: 'p', orderId: order.id, amount: eur('30.00') },
      'payment',
    );
    expect((await status(order.id))?.paymentStatus).toBe('captured');
    await refund('10.00', '10.00');
    expect((await status(order.id))?.paymentStatus).toBe('partially_refunded');
    // A late capture does not undo a partial refund either.
    await svc.deliver(
      'payment.captured',
      { paymentId: 'p', orderId: order.id, amount: eur('30.00') },
      'payment',
    );
    expect((await status(order.id))?.paymentStatus).toBe('partially_refunded');
    await refund('20.00', '30.00');
    expect((await status(order.id))?.paymentStatus).toBe('refunded');
    // The first refund delivered again (a redelivery with a new envelope, or one reordered behind
    // the second): its smaller total leaves the full refund as it is.
    await refund('10.00', '10.00');
    expect((await status(order.id))?.paymentStatus).toBe('refunded');
  });
});

describe('the pending deadline', () => {
  it('cancels orders stuck in pending past the deadline (timed_out), leaves younger ones alone', async () => {
    const old = (await pendingOrder()).order;
    svc.advance(61_000);
    const young = (await pendingOrder()).order;
    try {
      await cancelStalePendingOrders(svc.ctx);
    } finally {
      svc.advance(-61_000);
    }
    expect(await status(old.id)).toMatchObject({ status: 'cancelled', cancellationReason: 'timed_out' });
    expect((await events('order.cancelled', old.id)).map((e) => e.data.reason)).toEqual(['timed_out']);
    expect((await status(young.id))?.status).toBe('pending');
    // A reply arriving afterwards changes nothing.
    await reserved(old.id);
    await authorized(old.id);
    expect((await status(old.id))?.status).toBe('cancelled');
  });
});

describe('buyer and operator actions', () => {
  it('ship → shipped + order.shipped, deliver → delivered; cancelling after shipping is a 409', async () => {
    const { m, order } = await pendingOrder();
    const admin = svc.adminToken();
    // Not confirmed yet: cannot ship.
    expect(
      (
        await svc.call('POST', `/admin/orders/${order.id}/ship`, {
          token: admin,
          body: { carrier: 'DHL', trackingNumber: 'T1' },
        })
      ).statusCode,
    ).toBe(409);
    await reserved(order.id);
    await authorized(order.id);
    expect(
      (
        await svc.call('POST', `/admin/orders/${order.id}/ship`, {
          token: m.token,
          body: { carrier: 'DHL', trackingNumber: 'T1' },
        })
      ).statusCode,
    ).toBe(403);
    const shipped = await svc.call('POST', `/admin/orders/${order.id}/ship`, {
      token: admin,
      body: { carrier: 'DHL', trackingNumber: 'T1' },
    });
    expect(shipped.json()).toMatchObject({
      status: 'shipped',
      shipment: { carrier: 'DHL', trackingNumber: 'T1' },
    });
    expect((await events('order.shipped', order.id)).map((e) => e.data.trackingNumber)).toEqual(['T1']);
    const cancel = await svc.call('POST', `/orders/${order.id}/cancel`, { token: m.token });
    expect(cancel.statusCode).toBe(409);
    const delivered = await svc.call('POST', `/admin/orders/${order.id}/deliver`, { token: admin });
    expect(delivered.json().status).toBe('delivered');
    expect(await events('order.delivered', order.id)).toHaveLength(1);
    expect(
      (await svc.call('GET', `/admin/orders/${order.id}`, { token: admin }))
        .json()
        .history.map((h: { status: string }) => h.status),
    ).toEqual(['pending', 'confirmed', 'shipped', 'delivered']);
  });

  it('the buyer cancels (cancelled_by_buyer), a company admin cancels a colleague’s (cancelled_by_admin); approvers cannot', async () => {
    const { m, order } = await pendingOrder();
    const res = await svc.call('POST', `/orders/${order.id}/cancel`, { token: m.token });
    expect(res.json()).toMatchObject({ status: 'cancelled', cancellationReason: 'cancelled_by_buyer' });
    expect((await events('order.cancelled', order.id)).map((e) => e.data.reason)).toEqual([
      'cancelled_by_buyer',
    ]);

    const other = await pendingOrder();
    const approver = await svc.member({ companyId: other.m.companyId, role: 'approver' });
    const companyAdmin = await svc.member({ companyId: other.m.companyId, role: 'company_admin' });
    expect(
      (await svc.call('POST', `/orders/${other.order.id}/cancel`, { token: approver.token })).statusCode,
    ).toBe(403);
    const byAdmin = await svc.call('POST', `/orders/${other.order.id}/cancel`, { token: companyAdmin.token });
    expect(byAdmin.json().cancellationReason).toBe('cancelled_by_admin');
    // Another company's order is not found.
    const third = await pendingOrder();
    expect((await svc.call('POST', `/orders/${third.order.id}/cancel`, { token: m.token })).statusCode).toBe(
      404,
    );
  });

  it('reorder copies the lines into the cart at today’s prices', async () => {
    const { m, order } = await pendingOrder();
    svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '125.00', currency: 'EUR' } });
    try {
      const res = await svc.call('POST', `/orders/${order.id}/reorder`, { token: m.token });
      expect(res.json()).toEqual({ added: [{ sku: 'DRILL-1', quantity: 1 }], errors: [] });
      const cart = (await svc.call('GET', '/cart', { token: m.token })).json();
      expect(cart.items[0]).toMatchObject({ sku: 'DRILL-1', quantity: 1, unitPrice: { amount: '125.00' } });
    } finally {
      svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '120.00', currency: 'EUR' } });
    }
  });

  it('admin lists filter by status and company; non-admins get 403', async () => {
    const { m, order } = await pendingOrder();
    const admin = svc.adminToken();
    const list = (
      await svc.call('GET', `/admin/orders?companyId=${m.companyId}&status=pending`, { token: admin })
    ).json();
    expect(list.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(
      (
        await svc.call('GET', `/admin/orders?companyId=${m.companyId}&status=confirmed`, { token: admin })
      ).json().total,
    ).toBe(0);
    expect((await svc.call('GET', '/admin/orders', { token: m.token })).statusCode).toBe(403);
  });
});
