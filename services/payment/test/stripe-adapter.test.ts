/**
 * The Stripe adapter with the real `stripe` package against a local stand-in, and the webhook
 * route's signature check (accepted / refused) completing an asynchronous authorization.
 */

import { fromJson } from '@b2b/shared/money';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderRejectedError, ProviderUnavailableError } from '../src/providers/port.ts';
import { createStripeClient, createStripeProvider } from '../src/providers/stripe.ts';
import {
  orderPlaced,
  type PaymentApp,
  startPaymentApp,
  startTestServer,
  type TestServer,
} from './support/payment-app.ts';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.ts';

const SECRET_KEY = 'sk_test_standin_123';
const WEBHOOK_SECRET = 'whsec_test_standin_456';

let standIn: StripeStandIn;
let stripe: Stripe;
beforeAll(async () => {
  standIn = await startStripeStandIn();
  stripe = createStripeClient({ secretKey: SECRET_KEY, apiBaseUrl: standIn.url, timeoutMs: 5_000 });
});
afterAll(async () => {
  await standIn?.close();
});

const eur = (amount: string) => fromJson({ amount, currency: 'EUR' });

describe('Stripe adapter', () => {
  it('authorizes with a manual-capture PaymentIntent confirmed with the token, minor units and the idempotency key', async () => {
    const provider = createStripeProvider(stripe);
    const result = await provider.authorize({
      orderId: 'o-1',
      amount: eur('120.50'),
      cardToken: 'tok_visa',
      idempotencyKey: 'o-1:authorize',
    });
    expect(result).toEqual({ outcome: 'authorized', providerRef: expect.stringMatching(/^pi_/) });
    const req = standIn.requests.at(-1);
    expect(req).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: 'o-1:authorize',
      authorization: `Bearer ${SECRET_KEY}`,
    });
    expect(req?.form).toMatchObject({
      amount: '12050',
      currency: 'eur',
      capture_method: 'manual',
      confirm: 'true',
      'payment_method_data[type]': 'card',
      'payment_method_data[card][token]': 'tok_visa',
      'metadata[orderId]': 'o-1',
    });
    // The same key again: Stripe's first answer, no second intent.
    const again = await provider.authorize({
      orderId: 'o-1',
      amount: eur('120.50'),
      cardToken: 'tok_visa',
      idempotencyKey: 'o-1:authorize',
    });
    expect(again).toEqual(result);
  });

  it('maps card declines to reasons and 3-D Secure to pending', async () => {
    const provider = createStripeProvider(stripe);
    const auth = (token: string, key: string) =>
      provider.authorize({ orderId: key, amount: eur('10.00'), cardToken: token, idempotencyKey: key });
    expect(await auth('tok_chargeDeclined', 'd-1')).toMatchObject({
      outcome: 'declined',
      reason: 'payment_declined',
      providerRef: expect.stringMatching(/^pi_/),
    });
    expect(await auth('tok_insufficientFunds', 'd-2')).toMatchObject({
      outcome: 'declined',
      reason: 'insufficient_funds',
    });
    expect(await auth('tok_threeDSecure', 'd-3')).toMatchObject({
      outcome: 'pending',
      providerRef: expect.stringMatching(/^pi_/),
    });
  });

  it('captures, refunds and voids with their own keys; refuses bad states; an outage is retryable', async () => {
    const provider = createStripeProvider(stripe);
    const a = await provider.authorize({
      orderId: 'o-2',
      amount: eur('50.00'),
      cardToken: 'tok_visa',
      idempotencyKey: 'o-2:authorize',
    });
    if (a.outcome !== 'authorized') throw new Error('expected an authorization');
    await provider.capture({
      providerRef: a.providerRef,
      amount: eur('50.00'),
      idempotencyKey: 'o-2:capture',
    });
    expect(standIn.requests.at(-1)).toMatchObject({
      path: `/v1/payment_intents/${a.providerRef}/capture`,
      idempotencyKey: 'o-2:capture',
      form: { amount_to_capture: '5000' },
    });
    const refund = await provider.refund({
      providerRef: a.providerRef,
      amount: eur('20.00'),
      idempotencyKey: 'o-2:refund:r1',
    });
    expect(refund.refundRef).toMatch(/^re_/);
    expect(standIn.requests.at(-1)).toMatchObject({
      path: '/v1/refunds',
      idempotencyKey: 'o-2:refund:r1',
      form: { amount: '2000', payment_intent: a.providerRef },
    });
    // A captured intent cannot be captured again with a new key: a rejection, not a retry.
    await expect(
      provider.capture({ providerRef: a.providerRef, amount: eur('50.00'), idempotencyKey: 'o-2:capture-2' }),
    ).rejects.toBeInstanceOf(ProviderRejectedError);

    const b = await provider.authorize({
      orderId: 'o-3',
      amount: eur('5.00'),
      cardToken: 'tok_visa',
      idempotencyKey: 'o-3:authorize',
    });
    if (b.outcome !== 'authorized') throw new Error('expected an authorization');
    await provider.void({ providerRef: b.providerRef, idempotencyKey: 'o-3:void' });
    expect(standIn.requests.at(-1)).toMatchObject({
      path: `/v1/payment_intents/${b.providerRef}/cancel`,
      idempotencyKey: 'o-3:void',
    });

    standIn.failNext(5);
    await expect(
      provider.void({ providerRef: b.providerRef, idempotencyKey: 'o-3:void-2' }),
    ).rejects.toBeInstanceOf(ProviderUnavailableError);
    standIn.failNext(0);
  });
});

describe('POST /webhooks/stripe', () => {
  let server: TestServer;
  let pay: PaymentApp;
  beforeAll(async () => {
    server = await startTestServer();
    pay = await startPaymentApp(server, {
      provider: () => createStripeProvider(stripe),
      stripeWebhook: { stripe, webhookSecret: WEBHOOK_SECRET },
    });
  });
  afterAll(async () => {
    await pay?.close();
    await server?.close();
  });

  const signed = (payload: string, secret = WEBHOOK_SECRET) =>
    stripe.webhooks.generateTestHeaderString({ payload, secret });
  const intentEvent = (type: string, intentId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: `evt_${intentId}`,
      object: 'event',
      type,
      data: { object: { id: intentId, object: 'payment_intent', ...extra } },
    });
  const post = (payload: string, signature: string | undefined) =>
    pay.app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      payload,
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'stripe-signature': signature } : {}),
      },
    });

  async function pendingCardOrder() {
    const placed = orderPlaced('company-3ds', '75.00', {
      paymentMethod: 'card',
      cardToken: 'tok_threeDSecure',
    });
    await pay.deliver('order.placed', placed);
    const payment = await pay.mongo.db.collection('payments').findOne({ orderId: placed.orderId });
    expect(payment).toMatchObject({ status: 'pending', providerRef: expect.stringMatching(/^pi_/) });
    return { placed, providerRef: String(payment?.providerRef) };
  }

  it('a signed amount_capturable_updated completes the pending authorization (payment.authorized once)', async () => {
    const { placed, providerRef } = await pendingCardOrder();
    expect(
      (await pay.outboxEvents('payment.authorized')).filter((e) => e.data.orderId === placed.orderId),
    ).toEqual([]);
    const payload = intentEvent('payment_intent.amount_capturable_updated', providerRef);
    const res = await post(payload, signed(payload));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true, outcome: 'applied' });
    // Stripe retries deliveries: the second is acknowledged and changes nothing.
    const again = await post(payload, signed(payload));
    expect(again.json()).toEqual({ received: true, outcome: 'ignored' });
    const authorized = (await pay.outboxEvents('payment.authorized')).filter(
      (e) => e.data.orderId === placed.orderId,
    );
    expect(authorized.map((e) => e.data.amount)).toEqual([{ amount: '75.00', currency: 'EUR' }]);
  });

  it('a signed payment_failed declines with the reason', async () => {
    const { placed, providerRef } = await pendingCardOrder();
    const payload = intentEvent('payment_intent.payment_failed', providerRef, {
      last_payment_error: { decline_code: 'insufficient_funds' },
    });
    expect((await post(payload, signed(payload))).statusCode).toBe(200);
    const declined = (await pay.outboxEvents('payment.declined')).filter(
      (e) => e.data.orderId === placed.orderId,
    );
    expect(declined.map((e) => e.data.reason)).toEqual(['insufficient_funds']);
  });

  it('refuses a wrong secret, a tampered body and a missing signature with 400, changing nothing', async () => {
    const { placed, providerRef } = await pendingCardOrder();
    const payload = intentEvent('payment_intent.amount_capturable_updated', providerRef);
    const wrongSecret = await post(payload, signed(payload, 'whsec_someone_else'));
    expect(wrongSecret.statusCode).toBe(400);
    expect(wrongSecret.headers['content-type']).toContain('application/problem+json');
    expect(wrongSecret.json().code).toBe('INVALID_WEBHOOK_SIGNATURE');
    const tampered = await post(
      payload.replace('amount_capturable_updated', 'payment_failed'),
      signed(payload),
    );
    expect(tampered.statusCode).toBe(400);
    expect((await post(payload, undefined)).statusCode).toBe(400);
    const payment = await pay.mongo.db.collection('payments').findOne({ orderId: placed.orderId });
    expect(payment?.status).toBe('pending');
    // Positive control: the same payload, correctly signed, is applied.
    expect((await post(payload, signed(payload))).json()).toEqual({ received: true, outcome: 'applied' });
  });
});
