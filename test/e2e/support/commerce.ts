/**
 * The commerce platform for cross-service tests: user, product, order, payment and notification as
 * child processes (their own src/main.ts) behind the real api-gateway, on the document-store bus
 * (test kit `startPlatform`). Every helper acts as a person would, over HTTP through the gateway:
 * a platform admin creates products and sets company terms, a company admin invites members, who
 * set a password from their invitation and log in. The databases are read only to wait for a
 * projection to arrive (what a person would see as "a moment later") and to find the invitation
 * token that the emailed link carries.
 */
import { queueName, type ServiceName } from '@b2b/shared/catalogue';
import { createDocStoreEventBus, type EventEnvelope } from '@b2b/shared/events';
import { type Platform, startPlatform } from '@b2b/test-kit/platform';
import { pollUntil } from '@b2b/test-kit/poll';
import { expect } from 'vitest';
import { createPlatformAdmin } from '../../../services/user/src/domain/platform-admin.ts';
import { createPasswordHasher } from '../../../services/user/src/passwords/hasher.ts';
import { UserRepository } from '../../../services/user/src/repositories/users.ts';

export const commerceServices: readonly ServiceName[] = [
  'user',
  'product',
  'order',
  'payment',
  'notification',
];

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
export type Json = any;

export interface ApiResponse {
  status: number;
  body: Json;
}

export interface Person {
  userId: string;
  email: string;
  password: string;
  token: string;
  companyId: string;
}

export const eur = (amount: string) => ({ amount, currency: 'EUR' });

export const shippingAddress = {
  line1: 'Hauptstraße 1',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};

let counter = 0;
/** Unique per call and per test file (files run in parallel processes). */
export const tag = () => `${Date.now().toString(36)}${process.pid.toString(36)}${(++counter).toString(36)}`;

export interface Commerce {
  platform: Platform;
  api(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  /** A platform admin's access token. */
  adminToken: string;
  /** A new company: its admin, registered through the API (company_admin, no spending limit). */
  registerCompany(): Promise<Person>;
  /** Platform admin sets the company's terms and waits until the payment service applied them. */
  setCredit(
    companyAdmin: Person,
    terms: { paymentTerms: 'net30' | 'net60'; creditLimit: string },
  ): Promise<void>;
  /** A company admin invites a member who sets a password and logs in; waits for the order service to know them. */
  addMember(
    companyAdmin: Person,
    companyRole: 'buyer' | 'approver' | 'company_admin',
    spendingLimit?: string,
  ): Promise<Person>;
  /** An active product with `onHand` units in stock; its sku. */
  createProduct(price: string, onHand: number): Promise<string>;
  inventory(sku: string): Promise<{ onHand: number; reserved: number; available: number }>;
  /** Cart with `quantity` of `sku`, then checkout; the 201 order. */
  checkout(
    buyer: Person,
    sku: string,
    opts?: { quantity?: number; paymentMethod?: 'invoice' | 'card'; cardToken?: string },
  ): Promise<Json>;
  /** Polls the order (as `viewer`) until its status is `status`; the order. */
  waitForStatus(viewer: Person, orderId: string, status: string, timeoutMs?: number): Promise<Json>;
  /** The order's payment as `viewer` sees it, once it exists (and, with `status`, has it). */
  waitForPayment(viewer: Person, orderId: string, status?: string): Promise<Json>;
  /** Publishes envelopes on the bus as their producer would have. */
  publish(...events: EventEnvelope[]): Promise<void>;
  /** Resolves once no consumer queue holds any of these event ids (handled, not dead-lettered). */
  waitHandled(eventIds: readonly string[]): Promise<void>;
  /** An event a service staged in its outbox (what it published), by type and order id. */
  published(service: ServiceName, type: string, orderId: string): Promise<EventEnvelope>;
  stop(): Promise<void>;
}

export async function startCommerce(): Promise<Commerce> {
  const platform = await startPlatform({
    services: commerceServices,
    gateway: true,
    logLevel: 'warn',
    // Five services and the gateway on a shared 2-core machine: a start may take more than a minute.
    readyTimeoutMs: 180_000,
    // Every person of these tests calls from 127.0.0.1 and polls: the gateway's per-IP credential
    // limit (10 a minute) and per-user limit would answer 429 to the test, not to an abuser.
    env: {
      'api-gateway': {
        RATE_LIMIT_CREDENTIALS_PER_MINUTE: '100000',
        RATE_LIMIT_USER_PER_MINUTE: '100000',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
      },
    },
  });
  const bus = createDocStoreEventBus({ db: platform.db('eventbus') });

  const api: Commerce['api'] = async (method, path, opts = {}) => {
    const res = await fetch(`${platform.apiUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const login = async (email: string, password: string) => {
    const res = await api('POST', '/auth/login', { body: { email, password } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.accessToken as string;
  };

  const adminPassword = 'platform admin passphrase e2e';
  const admin = await createPlatformAdmin(
    {
      users: new UserRepository(platform.db('user')),
      hasher: await createPasswordHasher(),
      now: () => new Date(),
    },
    { email: `ops.${tag()}@example.com`, name: 'Ops', password: adminPassword },
  );
  const adminToken = await login(admin.user.email, adminPassword);

  /** The order service decides approvals from member snapshots: a checkout before it has one waits for approval. */
  const waitForOrderProjection = (userId: string) =>
    pollUntil(
      () =>
        platform
          .db('order')
          .collection('member_projections')
          .findOne({ _id: userId as never, status: 'active' }),
      { timeoutMs: 15_000, message: `member ${userId} in the order service` },
    );

  const registerCompany: Commerce['registerCompany'] = async () => {
    const t = tag();
    const body = {
      email: `admin.${t}@example.com`,
      password: `a sturdy passphrase ${t}`,
      name: 'Company Admin',
      companyName: `Firm ${t}`,
    };
    const res = await api('POST', '/auth/register', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await waitForOrderProjection(res.body.user.id);
    return {
      userId: res.body.user.id,
      email: body.email,
      password: body.password,
      token: res.body.accessToken,
      companyId: res.body.company.id,
    };
  };

  const setCredit: Commerce['setCredit'] = async (companyAdmin, terms) => {
    const res = await api('PATCH', `/admin/companies/${companyAdmin.companyId}`, {
      token: adminToken,
      body: { paymentTerms: terms.paymentTerms, creditLimit: eur(terms.creditLimit) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await pollUntil(
      async () => {
        const credit = await api('GET', '/companies/me/credit', { token: companyAdmin.token });
        const applied =
          credit.body?.paymentTerms === terms.paymentTerms &&
          credit.body.creditLimit.amount === terms.creditLimit;
        // Thrown, so a timeout says what the payment service answered last.
        if (!applied) throw new Error(`${credit.status} ${JSON.stringify(credit.body)}`);
        return true;
      },
      { timeoutMs: 15_000, message: `credit terms of ${companyAdmin.companyId} in the payment service` },
    );
  };

  const addMember: Commerce['addMember'] = async (companyAdmin, companyRole, spendingLimit) => {
    const t = tag();
    const email = `${companyRole}.${t}@example.com`;
    const invited = await api('POST', '/companies/me/members', {
      token: companyAdmin.token,
      body: {
        email,
        name: `Member ${t}`,
        companyRole,
        ...(spendingLimit ? { spendingLimit: eur(spendingLimit) } : {}),
      },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const userId = invited.body.id as string;
    // The token of the emailed set-password link, as the user service published it.
    const event = await pollUntil(
      () =>
        platform
          .db('user')
          .collection('outbox')
          .findOne({ type: 'user.invited', 'event.data.userId': userId }),
      { timeoutMs: 10_000, message: `user.invited for ${email}` },
    );
    const password = `member passphrase ${t}`;
    const set = await api('POST', '/auth/password-reset/confirm', {
      body: { token: event.event.data.setPasswordToken, newPassword: password },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    const token = await login(email, password);
    await waitForOrderProjection(userId);
    return { userId, email, password, token, companyId: companyAdmin.companyId };
  };

  const createProduct: Commerce['createProduct'] = async (price, onHand) => {
    const sku = `SAGA-${tag()}`.toUpperCase();
    const created = await api('POST', '/admin/products', {
      token: adminToken,
      body: { sku, name: `Part ${sku}`, listPrice: eur(price), status: 'active' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const stocked = await api('PUT', `/admin/inventory/${sku}`, { token: adminToken, body: { onHand } });
    expect(stocked.status, JSON.stringify(stocked.body)).toBe(200);
    return sku;
  };

  const inventory: Commerce['inventory'] = async (sku) => {
    const res = await api('GET', `/admin/inventory/${sku}`, { token: adminToken });
    expect(res.status).toBe(200);
    return { onHand: res.body.onHand, reserved: res.body.reserved, available: res.body.available };
  };

  const checkout: Commerce['checkout'] = async (buyer, sku, opts = {}) => {
    const added = await api('POST', '/cart/items', {
      token: buyer.token,
      body: { sku, quantity: opts.quantity ?? 1 },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const paymentMethod = opts.paymentMethod ?? 'invoice';
    const placed = await api('POST', '/orders', {
      token: buyer.token,
      headers: { 'idempotency-key': `checkout-${tag()}` },
      body: {
        shippingAddress,
        paymentMethod,
        ...(paymentMethod === 'card' ? { cardToken: opts.cardToken ?? 'tok_visa' } : {}),
      },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    return placed.body;
  };

  const waitForStatus: Commerce['waitForStatus'] = (viewer, orderId, status, timeoutMs = 15_000) =>
    pollUntil(
      async () => {
        const res = await api('GET', `/orders/${orderId}`, { token: viewer.token });
        return res.body?.status === status && res.body;
      },
      { timeoutMs, intervalMs: 20, message: `order ${orderId} ${status}` },
    );

  const waitForPayment: Commerce['waitForPayment'] = (viewer, orderId, status) =>
    pollUntil(
      async () => {
        const res = await api('GET', `/payments?orderId=${orderId}`, { token: viewer.token });
        const [payment] = res.body?.items ?? [];
        return payment && (status === undefined || payment.status === status) && payment;
      },
      { timeoutMs: 15_000, message: `payment of order ${orderId}${status ? ` ${status}` : ''}` },
    );

  const publish: Commerce['publish'] = async (...events) => {
    for (const event of events) await bus.publish(event);
  };

  const queueDb = platform.db('eventbus');
  const waitHandled: Commerce['waitHandled'] = async (eventIds) => {
    // The consumers this platform runs (search is not started: its queue only fills).
    const consumers = ['product', 'order', 'payment', 'notification'] as const;
    await pollUntil(
      async () => {
        for (const c of consumers) {
          if (
            (await queueDb.collection(queueName(c)).countDocuments({ _id: { $in: eventIds as never[] } })) > 0
          )
            return false;
        }
        return true;
      },
      { timeoutMs: 15_000, message: `events ${eventIds.join(', ')} handled by every consumer` },
    );
    for (const c of consumers) {
      const dead = await queueDb
        .collection(`${queueName(c)}-dlq`)
        .countDocuments({ _id: { $in: eventIds as never[] } });
      expect(dead, `dead letters in ${c}`).toBe(0);
    }
  };

  const published: Commerce['published'] = async (service, type, orderId) => {
    const record = await pollUntil(
      () => platform.db(service).collection('outbox').findOne({ type, 'event.data.orderId': orderId }),
      { timeoutMs: 15_000, message: `${type} of order ${orderId} in the ${service} outbox` },
    );
    return record.event as EventEnvelope;
  };

  return {
    platform,
    api,
    adminToken,
    registerCompany,
    setCredit,
    addMember,
    createProduct,
    inventory,
    checkout,
    waitForStatus,
    waitForPayment,
    publish,
    waitHandled,
    published,
    async stop() {
      await bus.close();
      await platform.stop();
    },
  };
}
