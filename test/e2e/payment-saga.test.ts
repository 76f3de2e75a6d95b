/**
 * The payment service as it runs (main.ts's wiring): its queue consumed from the document-store
 * bus, replies relayed from the outbox. Events are published as the user and order services
 * would; the test listens on the order service's queue, where the saga's replies arrive.
 */
import { randomUUID } from 'node:crypto';
import type { EventType } from '@b2b/shared/catalogue';
import { events as catalogue } from '@b2b/shared/catalogue';
import { createMongo, type Mongo } from '@b2b/shared/db';
import {
  type Consumer,
  createEvent,
  createEventBus,
  type EventBus,
  type EventEnvelope,
} from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardProvider } from '../../services/payment/src/providers/port.ts';
import { createSandboxProvider } from '../../services/payment/src/providers/sandbox.ts';
import {
  companySnapshot,
  orderPlaced,
  orderRef,
  type PaymentApp,
  startPaymentApp,
  startTestServer,
  type TestServer,
} from '../../services/payment/test/support/payment-app.ts';

let server: TestServer;
let busMongo: Mongo;
let bus: EventBus;
let pay: PaymentApp;
let orderQueue: Consumer;
const received: EventEnvelope[] = [];
/** Captures fail while this is above zero (a provider outage mid-saga). */
let failCaptures = 0;

function flakyCaptures(db: Parameters<typeof createSandboxProvider>[0]): CardProvider {
  const sandbox = createSandboxProvider(db);
  return {
    ...sandbox,
    async capture(req) {
      if (failCaptures > 0) {
        failCaptures--;
        throw Object.assign(new Error('provider outage'), { status: 400 });
      }
      return sandbox.capture(req);
    },
  };
}

const waitFor = (type: EventType, orderId: string) =>
  pollUntil(
    () => received.find((e) => e.type === type && (e.data as { orderId?: string }).orderId === orderId),
    {
      timeoutMs: 10_000,
      message: `${type} for order ${orderId}`,
    },
  );

async function publish<T extends EventType>(type: T, data: Parameters<typeof createEvent<T>>[1]) {
  const event = createEvent(type, data, { source: catalogue[type].producer });
  await bus.publish(event);
  return event;
}

beforeAll(async () => {
  server = await startTestServer();
  busMongo = createMongo({
    uri: server.uri,
    dbName: `eventbus_${randomUUID().slice(0, 8)}`,
    appName: 'bus-test',
  });
  bus = createEventBus({ EVENT_BUS: 'docstore' }, { db: busMongo.db });
  pay = await startPaymentApp(server, { bus, provider: flakyCaptures });
  orderQueue = bus.consume(
    'order',
    {
      'payment.authorized': async (e) => void received.push(e),
      'payment.declined': async (e) => void received.push(e),
      'payment.captured': async (e) => void received.push(e),
      'payment.refunded': async (e) => void received.push(e),
    },
    { concurrency: 1 },
  );
});
afterAll(async () => {
  await orderQueue?.stop();
  await pay?.close();
  await bus?.close();
  await busMongo?.close();
  await server?.close();
});

describe('payment saga over the bus', () => {
  it('company.updated then order.placed (invoice) → payment.authorized on the order queue, same correlation', async () => {
    const company = companySnapshot({ creditLimit: { amount: '500.00', currency: 'EUR' } });
    await publish('company.updated', company);
    // The snapshot reaches the ledger (polled through the API, as a buyer would look).
    const token = await pay.token({ companyId: company.companyId, companyRole: 'buyer' });
    await pollUntil(
      async () => (await pay.call('GET', '/companies/me/credit', { token })).statusCode === 200,
      {
        timeoutMs: 10_000,
        message: 'the company snapshot in the credit ledger',
      },
    );
    const placed = orderPlaced(company.companyId, '120.00');
    const event = await publish('order.placed', placed);
    const reply = await waitFor('payment.authorized', placed.orderId);
    expect(reply.source).toBe('payment');
    expect(reply.correlationId).toBe(event.correlationId);
    expect((await pay.call('GET', '/companies/me/credit', { token })).json().creditUsed.amount).toBe(
      '120.00',
    );

    // Over the limit: declined with the reason.
    const big = orderPlaced(company.companyId, '400.00');
    await publish('order.placed', big);
    expect((await waitFor('payment.declined', big.orderId)).data).toMatchObject({
      reason: 'insufficient_credit',
    });
  });

  it('a capture that fails is redelivered by the bus and completes: nothing is lost', async () => {
    const placed = orderPlaced('company-bus', '60.00', { paymentMethod: 'card', cardToken: 'tok_visa' });
    await publish('order.placed', placed);
    await waitFor('payment.authorized', placed.orderId);
    failCaptures = 1;
    await publish('order.shipped', { ...orderRef(placed), carrier: 'DHL', trackingNumber: 'B1' });
    const captured = await waitFor('payment.captured', placed.orderId);
    expect(failCaptures).toBe(0); // the first attempt did fail
    expect(captured.data).toMatchObject({ amount: { amount: '60.00', currency: 'EUR' } });
    expect(
      received.filter(
        (e) => e.type === 'payment.captured' && (e.data as { orderId: string }).orderId === placed.orderId,
      ),
    ).toHaveLength(1);
  });
});
