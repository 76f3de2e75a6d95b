/**
 * Issue 14's "done when", through the real api-gateway in front of the real user, product, order
 * and payment processes (the test kit's platform, the document-store bus between them):
 * a two-level approval rule, a monthly budget set in the user service and enforced by the order
 * service, a quote requested → offered → accepted whose order is charged the offered prices, an
 * expired quote refused, and a private shopping list hidden from a colleague.
 */
import { registerPlatformAdmin } from '@b2b/test-kit/accounts';
import { type ApiCallOptions, callApi } from '@b2b/test-kit/api';
import { type Platform, startPlatform } from '@b2b/test-kit/platform';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let platform: Platform;
let adminToken: string;
const PRICE = '300.00';
let sku: string;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
type Json = any;

function api(method: string, path: string, opts: ApiCallOptions = {}) {
  return callApi(platform.apiUrl, method, path, opts);
}

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const address = { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
const card = { shippingAddress: address, paymentMethod: 'card', cardToken: 'tok_visa' };

interface Person {
  userId: string;
  token: string;
}

/** The order service has the member's snapshot (member.updated over the bus), with `check` true. */
async function knownToOrders(userId: string, check: (m: Json) => boolean = () => true) {
  await pollUntil(
    async () => {
      const m = await platform
        .db('order')
        .collection('member_projections')
        .findOne({ _id: userId as never });
      return m !== null && check(m);
    },
    { timeoutMs: 15_000, message: `member ${userId} known to the order service` },
  );
}

/** A company: its admin registers, invites an approver and a buyer, who set their passwords. */
async function company(): Promise<{ companyId: string; admin: Person; approver: Person; buyer: Person }> {
  const t = tag();
  const password = `a sturdy passphrase ${t}`;
  const registered = await api('POST', '/auth/register', {
    body: { email: `admin.${t}@example.com`, password, name: 'Ada Admin', companyName: `Firm ${t}` },
  });
  expect(registered.status).toBe(201);
  const admin = { userId: registered.body.user.id, token: registered.body.accessToken };
  const member = async (companyRole: 'approver' | 'buyer'): Promise<Person> => {
    const email = `${companyRole}.${t}@example.com`;
    const invited = await api('POST', '/companies/me/members', {
      token: admin.token,
      body: { email, name: `A ${companyRole}`, companyRole },
    });
    expect(invited.status).toBe(201);
    const userId = invited.body.id as string;
    const record = await pollUntil(
      () =>
        platform
          .db('user')
          .collection('outbox')
          .findOne({ type: 'user.invited', 'event.data.userId': userId }),
      { timeoutMs: 5_000, message: 'user.invited staged' },
    );
    const set = await api('POST', '/auth/password-reset/confirm', {
      body: { token: record.event.data.setPasswordToken, newPassword: password },
    });
    expect(set.status).toBe(204);
    const login = await api('POST', '/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    return { userId, token: login.body.accessToken };
  };
  const approver = await member('approver');
  const buyer = await member('buyer');
  for (const p of [admin, approver, buyer]) await knownToOrders(p.userId);
  return { companyId: registered.body.company.id, admin, approver, buyer };
}

async function checkout(buyer: Person, quantity: number) {
  expect((await api('POST', '/cart/items', { token: buyer.token, body: { sku, quantity } })).status).toBe(
    201,
  );
  const placed = await api('POST', '/orders', { token: buyer.token, body: card });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body;
}

const orderIn = (p: Person, id: string, status: string) =>
  pollUntil(
    async () => {
      const order = (await api('GET', `/orders/${id}`, { token: p.token })).body;
      return order.status === status && order;
    },
    { timeoutMs: 15_000, message: `order ${id} ${status}` },
  );

beforeAll(async () => {
  platform = await startPlatform({
    services: ['user', 'product', 'order', 'payment'],
    gateway: true,
    logLevel: 'warn',
    // The expiry job looks every second here, so the expired-quote test waits a moment, not 30 s.
    // Every test registers a company and signs its members in: more than the login limit allows.
    env: {
      order: { QUOTE_EXPIRY_SWEEP_SECONDS: '1' },
      'api-gateway': { RATE_LIMIT_CREDENTIALS_PER_MINUTE: '1000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5000' },
    },
  });
  adminToken = (await registerPlatformAdmin(platform, platform.apiUrl)).token;
  const t = tag();
  sku = `B2B-${t}`.toUpperCase();
  const created = await api('POST', '/admin/products', {
    token: adminToken,
    body: { sku, name: 'Bench vise', listPrice: eur(PRICE), status: 'active' },
  });
  expect(created.status).toBe(201);
  expect(
    (await api('PUT', `/admin/inventory/${sku}`, { token: adminToken, body: { onHand: 10_000 } })).status,
  ).toBe(200);
}, 240_000);
afterAll(async () => {
  await platform?.stop();
}, 60_000);

describe('B2B buying tools through the gateway', () => {
  it('a two-level rule makes a large order wait for an approver and then a company admin, in that order', async () => {
    const c = await company();
    const rules = await api('PUT', '/approval-rules', {
      token: c.admin.token,
      body: {
        rules: [
          { minTotal: eur('1000.00'), approverRole: 'approver' },
          { minTotal: eur('3000.00'), approverRole: 'company_admin' },
        ],
      },
    });
    expect(rules.status).toBe(200);
    const order = await checkout(c.buyer, 10); // 3,000.00 net → 3,570.00
    expect(order).toMatchObject({
      status: 'awaiting_approval',
      total: eur('3570.00'),
      approvalLevels: [{ roles: ['approver'] }, { roles: ['company_admin'] }],
    });
    const tooEarly = await api('POST', `/orders/${order.id}/approve`, { token: c.admin.token, body: {} });
    expect(tooEarly.status).toBe(403);
    expect(tooEarly.body.code).toBe('NOT_APPROVER_FOR_LEVEL');
    const first = await api('POST', `/orders/${order.id}/approve`, { token: c.approver.token, body: {} });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('awaiting_approval');
    const second = await api('POST', `/orders/${order.id}/approve`, { token: c.admin.token, body: {} });
    expect(second.status).toBe(200);
    expect(second.body.approvals.map((a: { role: string }) => a.role)).toEqual(['approver', 'company_admin']);
    // Then the usual saga: stock reserved by the product service, the card authorized by payment.
    expect((await orderIn(c.buyer, order.id, 'confirmed')).paymentStatus).toBe('authorized');
  });

  it("a budget exceeded by the month's second order sends it to approval; the member sees what is left", async () => {
    const c = await company();
    const set = await api('PATCH', `/companies/me/members/${c.buyer.userId}`, {
      token: c.admin.token,
      body: { monthlyBudget: eur('1000.00') },
    });
    expect(set.status).toBe(200);
    expect(set.body.monthlyBudget).toEqual(eur('1000.00'));
    await knownToOrders(c.buyer.userId, (m) => m.monthlyBudget !== null);
    const first = await checkout(c.buyer, 2); // 600.00 net → 714.00
    expect(first.status).toBe('pending');
    const budget = await api('GET', '/budgets/me', { token: c.buyer.token });
    expect(budget.body).toMatchObject({
      monthlyBudget: eur('1000.00'),
      spent: eur('714.00'),
      remaining: eur('286.00'),
    });
    const second = await checkout(c.buyer, 2);
    expect(second).toMatchObject({ status: 'awaiting_approval', approvalReasons: ['over_monthly_budget'] });
    expect(
      (await api('POST', `/orders/${second.id}/approve`, { token: c.approver.token, body: {} })).body.status,
    ).toBe('pending');
  });

  it('a quote goes requested → offered → accepted and the order charges the offered prices', async () => {
    const c = await company();
    await api('POST', '/cart/items', { token: c.buyer.token, body: { sku, quantity: 20 } });
    const requested = await api('POST', '/quotes', {
      token: c.buyer.token,
      body: { fromCart: true, note: 'bulk' },
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: 'requested',
      items: [{ sku, quantity: 20 }],
      messages: [],
    });
    const queue = await api('GET', '/admin/quotes?status=requested&limit=100', { token: adminToken });
    expect(queue.body.items.map((q: { id: string }) => q.id)).toContain(requested.body.id);
    const offered = await api('POST', `/admin/quotes/${requested.body.id}/offer`, {
      token: adminToken,
      body: {
        items: [{ sku, quantity: 20, unitPrice: eur('250.00') }],
        validUntil: new Date(Date.now() + 3600_000).toISOString(),
        message: 'Volume price',
      },
    });
    expect(offered.status).toBe(200);
    expect(offered.body.status).toBe('offered');
    const accepted = await api('POST', `/quotes/${requested.body.id}/accept`, {
      token: c.buyer.token,
      body: card,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const order = await orderIn(c.buyer, accepted.body.orderId, 'confirmed');
    expect(order).toMatchObject({
      quoteId: requested.body.id,
      items: [{ sku, quantity: 20, unitPrice: eur('250.00'), lineTotal: eur('5000.00') }],
      total: eur('5950.00'),
    });
    const payments = await api('GET', `/payments?orderId=${order.id}`, { token: c.buyer.token });
    expect(payments.status).toBe(200);
    expect(payments.body.items).toEqual([
      expect.objectContaining({ status: 'authorized', amount: eur('5950.00') }),
    ]);
  });

  it('an expired quote cannot be accepted (409)', async () => {
    const c = await company();
    const requested = await api('POST', '/quotes', {
      token: c.buyer.token,
      body: { items: [{ sku, quantity: 5 }] },
    });
    const offered = await api('POST', `/admin/quotes/${requested.body.id}/offer`, {
      token: adminToken,
      body: {
        items: [{ sku, quantity: 5, unitPrice: eur('280.00') }],
        validUntil: new Date(Date.now() + 1500).toISOString(),
      },
    });
    expect(offered.status).toBe(200);
    // The expiry job marks it (every second here).
    await pollUntil(
      async () =>
        (await api('GET', `/quotes/${requested.body.id}`, { token: c.buyer.token })).body.status ===
        'expired',
      { timeoutMs: 15_000, message: 'quote expired by the job' },
    );
    const late = await api('POST', `/quotes/${requested.body.id}/accept`, {
      token: c.buyer.token,
      body: card,
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('QUOTE_EXPIRED');
    const orders = await api('GET', '/orders', { token: c.buyer.token });
    expect(orders.body.total).toBe(0);
  });

  it('a private list is a 404 to a colleague, a shared one is not', async () => {
    const c = await company();
    const priv = await api('POST', '/shopping-lists', {
      token: c.buyer.token,
      body: { name: 'Mine', items: [{ sku, quantity: 2, note: 'for the lab' }] },
    });
    const shared = await api('POST', '/shopping-lists', {
      token: c.buyer.token,
      body: { name: 'Workshop', shared: true, items: [{ sku, quantity: 4 }] },
    });
    expect([priv.status, shared.status]).toEqual([201, 201]);
    expect((await api('GET', `/shopping-lists/${priv.body.id}`, { token: c.buyer.token })).status).toBe(200);
    const hidden = await api('GET', `/shopping-lists/${priv.body.id}`, { token: c.approver.token });
    expect(hidden.status).toBe(404);
    const visible = await api('GET', `/shopping-lists/${shared.body.id}`, { token: c.approver.token });
    expect(visible.status).toBe(200);
    const toCart = await api('POST', `/shopping-lists/${shared.body.id}/add-to-cart`, {
      token: c.approver.token,
      body: {},
    });
    expect(toCart.body).toEqual({ added: [{ sku, quantity: 4 }], errors: [] });
    const other = await company();
    expect((await api('GET', `/shopping-lists/${shared.body.id}`, { token: other.admin.token })).status).toBe(
      404,
    );
  });
});
