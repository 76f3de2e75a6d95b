/**
 * The order saga with the REAL payment service (merged) over the document-store bus, both wired as
 * their main.ts wire them (consumers on their queues, outbox relays). The product service is not
 * on main yet: a small consumer on the product queue answers order.placed with inventory.reserved.
 * Card payments go through the payment service's sandbox provider (tok_visa / tok_chargeDeclined).
 */
import { randomUUID } from 'node:crypto';
import { createMongo, type Mongo } from '@b2b/shared/db';
import {
  buildEventHandlers,
  createEvent,
  createEventBus,
  type EventBus,
  startOutboxRelay,
} from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEventHandlers } from '../../services/order/src/events/handlers.ts';
import { address, type OrderApp, startOrderApp } from '../../services/order/test/support/order-app.ts';
import {
  type PaymentApp,
  startPaymentApp,
  startTestServer,
  type TestServer,
} from '../../services/payment/test/support/payment-app.ts';

let server: TestServer;
let busMongo: Mongo;
let bus: EventBus;
let svc: OrderApp;
let pay: PaymentApp;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startTestServer();
  busMongo = createMongo({
    uri: server.uri,
    dbName: `eventbus_${randomUUID().slice(0, 8)}`,
    appName: 'bus-test',
  });
  bus = createEventBus({ EVENT_BUS: 'docstore' }, { db: busMongo.db });
  svc = await startOrderApp(server, 41911);
  svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '120.00', currency: 'EUR' } });
  pay = await startPaymentApp(server, { bus });
  const orders = bus.consume(
    'order',
    buildEventHandlers({ consumer: 'order', db: svc.mongo.db, handlers: orderEventHandlers(svc.ctx) }),
  );
  const relay = startOutboxRelay({ db: svc.mongo.db, bus, intervalMs: 50 });
  const product = bus.consume('product', {
    'order.placed': (e) =>
      bus.publish(
        createEvent(
          'inventory.reserved',
          { orderId: e.data.orderId, items: e.data.items.map(({ sku, quantity }) => ({ sku, quantity })) },
          { source: 'product', correlationId: e.correlationId },
        ),
      ),
  });
  stops.push(
    () => orders.stop(),
    () => relay.stop(),
    () => product.stop(),
  );
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await pay?.close();
  await svc?.close();
  await bus?.close();
  await busMongo?.close();
  await server?.close();
});

async function checkout(cardToken: string) {
  const m = await svc.member();
  // The payment service learns the company from the user service's snapshot, as in production.
  await bus.publish(
    createEvent(
      'company.updated',
      {
        companyId: m.companyId,
        name: 'Firm',
        status: 'active',
        currency: 'EUR',
        paymentTerms: 'net30',
        creditLimit: { amount: '10000.00', currency: 'EUR' },
        priceListId: null,
        version: 1,
        updatedAt: new Date().toISOString(),
      },
      { source: 'user' },
    ),
  );
  await svc.call('POST', '/cart/items', { token: m.token, body: { sku: 'DRILL-1', quantity: 1 } });
  const res = await svc.call('POST', '/orders', {
    token: m.token,
    body: { shippingAddress: address, paymentMethod: 'card', cardToken },
  });
  expect(res.statusCode).toBe(201);
  return { m, order: res.json() };
}

const statusOf = (m: { token: string }, id: string, wanted: string) =>
  pollUntil(
    async () => {
      const now = (await svc.call('GET', `/orders/${id}`, { token: m.token })).json();
      return now.status === wanted && now;
    },
    { timeoutMs: 10_000, message: `order ${id} ${wanted}` },
  );

describe('order + payment saga', () => {
  it('tok_visa: the payment service authorizes, the order is confirmed; shipping captures', async () => {
    const { m, order } = await checkout('tok_visa');
    expect((await statusOf(m, order.id, 'confirmed')).paymentStatus).toBe('authorized');
    const admin = svc.adminToken();
    const shipped = await svc.call('POST', `/admin/orders/${order.id}/ship`, {
      token: admin,
      body: { carrier: 'DHL', trackingNumber: 'T-1' },
    });
    expect(shipped.json().status).toBe('shipped');
    await pollUntil(
      async () =>
        (await svc.call('GET', `/orders/${order.id}`, { token: m.token })).json().paymentStatus ===
        'captured',
      { timeoutMs: 10_000, message: 'payment.captured reached the order' },
    );
  });

  it('tok_chargeDeclined: the payment service declines, the order is cancelled with payment_declined', async () => {
    const { m, order } = await checkout('tok_chargeDeclined');
    const cancelled = await statusOf(m, order.id, 'cancelled');
    expect(cancelled).toMatchObject({ cancellationReason: 'payment_declined', paymentStatus: 'declined' });
  });
});
