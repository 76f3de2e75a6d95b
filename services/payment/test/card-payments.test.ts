/**
 * Card payments through the sandbox provider: the saga replies, capture, void, duplicate and
 * reordered events, an order cancelled while its authorization is at the provider, and a handler
 * that fails after the provider acted (the message comes back; the idempotency key makes the
 * repeat harmless).
 */
import { AppError } from '@b2b/shared/errors';
import { createEvent } from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardProvider } from '../src/providers/port.ts';
import { createSandboxProvider } from '../src/providers/sandbox.ts';
import {
  orderPlaced,
  orderRef,
  type PaymentApp,
  startPaymentApp,
  startTestServer,
  type TestServer,
} from './support/payment-app.ts';

/** The sandbox, with hooks a test can set to pause or break a step. */
interface Hooks {
  beforeAuthorize?: () => Promise<void>;
  afterAuthorize?: () => Promise<void>;
  calls: { step: string; idempotencyKey: string }[];
}
const hooks: Hooks = { calls: [] };

function instrumented(db: Parameters<typeof createSandboxProvider>[0]): CardProvider {
  const sandbox = createSandboxProvider(db);
  return {
    name: 'sandbox',
    async authorize(req) {
      hooks.calls.push({ step: 'authorize', idempotencyKey: req.idempotencyKey });
      await hooks.beforeAuthorize?.();
      const result = await sandbox.authorize(req);
      await hooks.afterAuthorize?.();
      return result;
    },
    async capture(req) {
      hooks.calls.push({ step: 'capture', idempotencyKey: req.idempotencyKey });
      return sandbox.capture(req);
    },
    async void(req) {
      hooks.calls.push({ step: 'void', idempotencyKey: req.idempotencyKey });
      return sandbox.void(req);
    },
    async refund(req) {
      hooks.calls.push({ step: 'refund', idempotencyKey: req.idempotencyKey });
      return sandbox.refund(req);
    },
  };
}

let server: TestServer;
let pay: PaymentApp;
beforeAll(async () => {
  server = await startTestServer();
  pay = await startPaymentApp(server, { provider: instrumented });
});
afterAll(async () => {
  await pay?.close();
  await server?.close();
});

const card = (token: string | undefined, total = '120.00') =>
  orderPlaced('company-card', total, { paymentMethod: 'card', ...(token ? { cardToken: token } : {}) });

async function paymentOf(orderId: string) {
  const token = await pay.token({ admin: true });
  const res = await pay.call('GET', `/payments?orderId=${orderId}`, { token });
  expect(res.statusCode).toBe(200);
  return res.json().items[0];
}

async function replies(type: string, orderId: string) {
  return (await pay.outboxEvents(type)).filter((e) => e.data.orderId === orderId);
}

describe('sandbox test cards', () => {
  it('tok_visa authorizes; tok_chargeDeclined and tok_insufficientFunds decline with their reasons', async () => {
    const visa = card('tok_visa');
    const declined = card('tok_chargeDeclined');
    const broke = card('tok_insufficientFunds');
    const noToken = card(undefined);
    for (const o of [visa, declined, broke, noToken]) await pay.deliver('order.placed', o);

    expect((await replies('payment.authorized', visa.orderId)).map((e) => e.data.amount)).toEqual([
      { amount: '120.00', currency: 'EUR' },
    ]);
    expect(await replies('payment.declined', visa.orderId)).toEqual([]);
    expect((await replies('payment.declined', declined.orderId)).map((e) => e.data.reason)).toEqual([
      'payment_declined',
    ]);
    expect((await replies('payment.declined', broke.orderId)).map((e) => e.data.reason)).toEqual([
      'insufficient_funds',
    ]);
    expect((await replies('payment.declined', noToken.orderId)).map((e) => e.data.reason)).toEqual([
      'card_token_missing',
    ]);
    const payment = await paymentOf(visa.orderId);
    expect(payment).toMatchObject({
      method: 'card',
      status: 'authorized',
      amount: { amount: '120.00', currency: 'EUR' },
    });
    expect(payment.transactions).toEqual([
      {
        type: 'authorization',
        amount: { amount: '120.00', currency: 'EUR' },
        at: expect.any(String),
        providerRef: expect.stringMatching(/^sbx_pi_/),
      },
    ]);
    expect(
      hooks.calls.find((c) => c.step === 'authorize' && c.idempotencyKey === `${visa.orderId}:authorize`),
    ).toBeTruthy();
  });

  it('order.shipped captures (payment.captured once, even when delivered twice)', async () => {
    const visa = card('tok_visa', '80.00');
    await pay.deliver('order.placed', visa);
    const shipped = await pay.deliver('order.shipped', {
      ...orderRef(visa),
      carrier: 'DHL',
      trackingNumber: 'T1',
    });
    await pay.redeliver(shipped);
    await pay.deliver('order.shipped', { ...orderRef(visa), carrier: 'DHL', trackingNumber: 'T1' });
    expect((await replies('payment.captured', visa.orderId)).map((e) => e.data.amount)).toEqual([
      { amount: '80.00', currency: 'EUR' },
    ]);
    const payment = await paymentOf(visa.orderId);
    expect(payment.status).toBe('captured');
    expect(payment.capturedAmount).toEqual({ amount: '80.00', currency: 'EUR' });
    expect(payment.transactions.map((t: { type: string }) => t.type)).toEqual(['authorization', 'capture']);
  });

  it('order.cancelled voids an authorized card payment at the provider', async () => {
    const visa = card('tok_visa');
    await pay.deliver('order.placed', visa);
    await pay.deliver('order.cancelled', { ...orderRef(visa), reason: 'out_of_stock' });
    const payment = await paymentOf(visa.orderId);
    expect(payment.status).toBe('voided');
    const ref = payment.transactions[0].providerRef;
    expect((await pay.mongo.db.collection('sandbox_intents').findOne({ _id: ref }))?.status).toBe('canceled');
    // A later order.shipped (out of order) captures nothing.
    await pay.deliver('order.shipped', { ...orderRef(visa), carrier: 'DHL', trackingNumber: 'T2' });
    expect(await replies('payment.captured', visa.orderId)).toEqual([]);
  });

  it('order.cancelled before order.placed: the later placed never reaches the provider', async () => {
    const visa = card('tok_visa');
    await pay.deliver('order.cancelled', { ...orderRef(visa), reason: 'cancelled_by_buyer' });
    await pay.deliver('order.placed', visa);
    expect(hooks.calls.filter((c) => c.idempotencyKey.startsWith(visa.orderId))).toEqual([]);
    expect(await replies('payment.authorized', visa.orderId)).toEqual([]);
  });

  it('an order cancelled while its authorization is at the provider is voided right after', async () => {
    const visa = card('tok_visa');
    let cancelled: Promise<unknown> | undefined;
    hooks.afterAuthorize = async () => {
      hooks.afterAuthorize = undefined;
      // The cancellation is handled completely while the provider call is in flight.
      cancelled = pay.deliver('order.cancelled', { ...orderRef(visa), reason: 'cancelled_by_buyer' });
      await cancelled;
    };
    await pay.deliver('order.placed', visa);
    await cancelled;
    const payment = await paymentOf(visa.orderId);
    expect(payment.status).toBe('voided');
    expect(payment.transactions.map((t: { type: string }) => t.type)).toEqual(['authorization', 'void']);
  });
});

describe('a handler failing after the provider acted', () => {
  it('leaves the message for redelivery; the repeat reuses the idempotency key and authorizes once', async () => {
    const visa = card('tok_visa');
    // A 4xx-like error is not retried in-process: the claim is released and the handler throws.
    hooks.afterAuthorize = async () => {
      hooks.afterAuthorize = undefined;
      throw new AppError({ status: 400, code: 'CRASH', detail: 'simulated crash after the provider call' });
    };
    const event = createEvent('order.placed', visa, { source: 'order' });
    await expect(pay.redeliver(event)).rejects.toMatchObject({ code: 'CRASH' });
    expect(await replies('payment.authorized', visa.orderId)).toEqual([]);
    const intentsBefore = await pay.mongo.db.collection('sandbox_intents').countDocuments();
    const stored = await pay.mongo.db.collection('payments').findOne({ orderId: visa.orderId });
    expect(stored?.status).toBe('pending');
    // The bus brings the same message back.
    await pay.redeliver(event);
    expect((await replies('payment.authorized', visa.orderId)).length).toBe(1);
    // The provider saw the same key twice and created one authorization.
    const keys = hooks.calls.filter((c) => c.idempotencyKey === `${visa.orderId}:authorize`);
    expect(keys).toHaveLength(2);
    expect(await pay.mongo.db.collection('sandbox_intents').countDocuments()).toBe(intentsBefore);
  });
});
