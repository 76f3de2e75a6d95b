/**
 * The order saga over the document-store event bus, wired as main.ts wires it: the order
 * service's consumer handlers on its queue and its outbox relay publishing. The product and
 * payment services are not on main yet, so two small consumers stand in for them here: they take
 * order.placed from their own queues and publish the replies those services publish
 * (inventory.reserved, payment.authorized / payment.declined), and record the compensation
 * events they would act on. Replace them with the real services (test-kit startPlatform) once merged.
 */
import type { EventType } from '@b2b/shared/catalogue';
import {
  buildEventHandlers,
  createDocStoreEventBus,
  createEvent,
  type EventEnvelope,
  startOutboxRelay,
} from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEventHandlers } from '../../services/order/src/events/handlers.ts';
import {
  address,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
} from '../../services/order/test/support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
const stops: (() => Promise<void>)[] = [];
/** What the stand-ins received: type and payload. */
type Seen = { type: string; data: Record<string, unknown> };
const seenByProduct: Seen[] = [];
const seenByPayment: Seen[] = [];
const seen = (e: EventEnvelope): Seen => ({ type: e.type, data: e.data as Record<string, unknown> });

beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 41910);
  svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '120.00', currency: 'EUR' } });
  const bus = createDocStoreEventBus({
    db: svc.mongo.client.db(`eventbus_${svc.mongo.db.databaseName}`),
    minPollMs: 10,
    maxPollMs: 50,
  });
  const order = bus.consume(
    'order',
    buildEventHandlers({ consumer: 'order', db: svc.mongo.db, handlers: orderEventHandlers(svc.ctx) }),
  );
  const relay = startOutboxRelay({ db: svc.mongo.db, bus, intervalMs: 50 });
  const reply = <T extends EventType>(
    type: T,
    data: Parameters<typeof createEvent<T>>[1],
    source: 'product' | 'payment',
    cause: EventEnvelope,
  ) => bus.publish(createEvent(type, data, { source, correlationId: cause.correlationId }));
  const product = bus.consume('product', {
    'order.placed': async (e) => {
      seenByProduct.push(seen(e));
      await reply(
        'inventory.reserved',
        { orderId: e.data.orderId, items: e.data.items.map(({ sku, quantity }) => ({ sku, quantity })) },
        'product',
        e,
      );
    },
    'order.cancelled': async (e) => {
      seenByProduct.push(seen(e));
    },
  });
  const payment = bus.consume('payment', {
    'order.placed': async (e) => {
      seenByPayment.push(seen(e));
      if (e.data.cardToken === 'tok_chargeDeclined') {
        await reply(
          'payment.declined',
          { paymentId: `pay-${e.data.orderId}`, orderId: e.data.orderId, reason: 'card declined' },
          'payment',
          e,
        );
      } else {
        await reply(
          'payment.authorized',
          { paymentId: `pay-${e.data.orderId}`, orderId: e.data.orderId, amount: e.data.total },
          'payment',
          e,
        );
      }
    },
    'order.cancelled': async (e) => {
      seenByPayment.push(seen(e));
    },
  });
  stops.push(
    () => order.stop(),
    () => relay.stop(),
    () => product.stop(),
    () => payment.stop(),
    () => bus.close(),
  );
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await svc?.close();
  await server?.close();
});

async function checkout(cardToken?: string) {
  const m = await svc.member();
  await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } });
  const body = {
    shippingAddress: address,
    ...(cardToken ? { paymentMethod: 'card', cardToken } : { paymentMethod: 'invoice' }),
  };
  const res = await svc.call('POST', '/orders', { token: m.token, body });
  expect(res.statusCode).toBe(201);
  return { m, order: res.json() };
}

describe('order saga over the event bus', () => {
  it('reaches confirmed within 2 seconds of checkout once stock and payment both answered', async () => {
    const { m, order } = await checkout();
    const confirmed = await pollUntil(
      async () => {
        const now = (await svc.call('GET', `/orders/${order.id}`, { token: m.token })).json();
        return now.status === 'confirmed' && now;
      },
      { timeoutMs: 2_000, message: `order ${order.orderNumber} confirmed` },
    );
    expect(confirmed).toMatchObject({ paymentStatus: 'authorized' });
    expect(seenByProduct.some((e) => e.type === 'order.placed' && e.data.orderId === order.id)).toBe(true);
    expect(seenByPayment.some((e) => e.type === 'order.placed' && e.data.orderId === order.id)).toBe(true);
  });

  it('a declined card cancels the order (payment_declined) and the product side is told to release', async () => {
    const { m, order } = await checkout('tok_chargeDeclined');
    const cancelled = await pollUntil(
      async () => {
        const now = (await svc.call('GET', `/orders/${order.id}`, { token: m.token })).json();
        return now.status === 'cancelled' && now;
      },
      { timeoutMs: 2_000, message: `order ${order.orderNumber} cancelled` },
    );
    expect(cancelled.cancellationReason).toBe('payment_declined');
    const release = await pollUntil(
      () => seenByProduct.find((e) => e.type === 'order.cancelled' && e.data.orderId === order.id),
      { timeoutMs: 2_000, message: 'order.cancelled reached the product queue' },
    );
    expect(release.data).toMatchObject({ reason: 'payment_declined', orderNumber: order.orderNumber });
    // Stock had been reserved meanwhile; the order is not confirmed by that late reply.
    expect((await svc.call('GET', `/orders/${order.id}`, { token: m.token })).json().status).toBe(
      'cancelled',
    );
  });
});
