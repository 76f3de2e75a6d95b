/**
 * The payment service as `npm start` runs it: a child process of its own `src/main.ts`, next to
 * the user service and behind the api-gateway, over the document-store bus. A company's terms set
 * by a platform admin reach the credit ledger through company.updated; an order placed (as the
 * order service would publish it) is authorized on credit; a payment process killed while an
 * order waits loses nothing once it restarts.
 */
import type { EventType } from '@b2b/shared/catalogue';
import { type Consumer, createDocStoreEventBus, createEvent, type EventEnvelope } from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit';
import { registerPlatformAdmin } from '@b2b/test-kit/accounts';
import { type ApiCallOptions, callApi } from '@b2b/test-kit/api';
import { type Platform, startPlatform } from '@b2b/test-kit/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPlaced } from '../../services/payment/test/support/payment-app.ts';

let platform: Platform;
let orderQueue: Consumer;
let bus: ReturnType<typeof createDocStoreEventBus>;
const received: EventEnvelope[] = [];

beforeAll(async () => {
  platform = await startPlatform({ services: ['user', 'payment'], gateway: true });
  bus = createDocStoreEventBus({ db: platform.db('eventbus') });
  // The order service's queue: where the payment replies of the saga arrive.
  orderQueue = bus.consume(
    'order',
    {
      'payment.authorized': async (e) => void received.push(e),
      'payment.declined': async (e) => void received.push(e),
    },
    { concurrency: 1 },
  );
}, 180_000);
afterAll(async () => {
  await orderQueue?.stop();
  await bus?.close();
  await platform?.stop();
});

function api(method: string, path: string, opts: ApiCallOptions = {}) {
  return callApi(platform.apiUrl, method, path, opts);
}

const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function register() {
  const t = tag();
  const body = {
    email: `buyer.${t}@example.com`,
    password: `a sturdy passphrase ${t}`,
    name: 'Buyer',
    companyName: `Firm ${t}`,
  };
  const res = await api('POST', '/auth/register', { body });
  expect(res.status).toBe(201);
  return { ...body, token: res.body.accessToken as string, companyId: res.body.company.id as string };
}

const waitFor = (type: EventType, orderId: string) =>
  pollUntil(
    () => received.find((e) => e.type === type && (e.data as { orderId?: string }).orderId === orderId),
    {
      timeoutMs: 30_000,
      message: `${type} for order ${orderId}`,
    },
  );

describe('payment in the running platform', () => {
  let buyer: Awaited<ReturnType<typeof register>>;

  it('learns a company’s net terms from the user service and serves them at /companies/me/credit', async () => {
    buyer = await register();
    const admin = (await registerPlatformAdmin(platform, platform.apiUrl)).token;
    // Registered companies start prepaid with no credit.
    const initial = await pollUntil(
      async () => {
        const res = await api('GET', '/companies/me/credit', { token: buyer.token });
        return res.status === 200 ? res.body : undefined;
      },
      { timeoutMs: 30_000, message: 'the first company snapshot in the payment service' },
    );
    expect(initial).toMatchObject({ paymentTerms: 'prepaid', creditLimit: { amount: '0.00' } });
    const patched = await api('PATCH', `/admin/companies/${buyer.companyId}`, {
      token: admin,
      body: { paymentTerms: 'net30', creditLimit: { amount: '1000.00', currency: 'EUR' } },
    });
    expect(patched.status).toBe(200);
    const credit = await pollUntil(
      async () => {
        const res = await api('GET', '/companies/me/credit', { token: buyer.token });
        return res.body?.paymentTerms === 'net30' ? res.body : undefined;
      },
      { timeoutMs: 30_000, message: 'net30 terms in the payment service' },
    );
    expect(credit).toEqual({
      companyId: buyer.companyId,
      status: 'active',
      paymentTerms: 'net30',
      creditLimit: { amount: '1000.00', currency: 'EUR' },
      creditUsed: { amount: '0.00', currency: 'EUR' },
      available: { amount: '1000.00', currency: 'EUR' },
    });
  });

  it('authorizes an invoice order on credit; the buyer sees the payment through the gateway', async () => {
    const placed = orderPlaced(buyer.companyId, '300.00');
    await bus.publish(createEvent('order.placed', placed, { source: 'order' }));
    const reply = await waitFor('payment.authorized', placed.orderId);
    expect(reply.data).toMatchObject({
      orderId: placed.orderId,
      amount: { amount: '300.00', currency: 'EUR' },
    });
    const list = await api('GET', `/payments?orderId=${placed.orderId}`, { token: buyer.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toMatchObject([
      { orderId: placed.orderId, method: 'invoice', status: 'authorized' },
    ]);
    // Another company's member does not see it.
    const stranger = await register();
    const hidden = await api('GET', `/payments/${list.body.items[0].id}`, { token: stranger.token });
    expect(hidden.status).toBe(404);
  });

  it('an order placed while the payment process is dead is authorized after its restart', async () => {
    await platform.kill('payment', 'SIGKILL');
    const placed = orderPlaced(buyer.companyId, '100.00');
    await bus.publish(createEvent('order.placed', placed, { source: 'order' }));
    await platform.restart('payment');
    await waitFor('payment.authorized', placed.orderId);
    const credit = await api('GET', '/companies/me/credit', { token: buyer.token });
    expect(credit.body.creditUsed).toEqual({ amount: '400.00', currency: 'EUR' });
  });
});
