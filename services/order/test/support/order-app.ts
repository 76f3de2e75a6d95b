/**
 * The order service on the embedded database, driven with inject(), pricing through the real
 * typed client against the product stand-in. Tokens: a test verifier that reads the caller from
 * the token itself (the user service's real tokens are covered by its own tests).
 */
import { randomUUID } from 'node:crypto';
import { startEmbeddedServer } from '@b2b/docdb-local';
import type { AuthUser, TokenVerifier } from '@b2b/shared/auth';
import type { EventPayloads, EventType } from '@b2b/shared/catalogue';
import { createMongo, type Mongo } from '@b2b/shared/db';
import { errors } from '@b2b/shared/errors';
import {
  buildEventHandlers,
  createEvent,
  type EventHandler,
  ensureEventConsumerIndexes,
} from '@b2b/shared/events';
import type { ServiceApp } from '@b2b/shared/http';
import { generateServiceCredential } from '@b2b/shared/internal';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createUserSnapshots } from '../../src/clients/user-snapshots.ts';
import type { OrderContext, OrderRules } from '../../src/domain/context.ts';
import { orderEventHandlers } from '../../src/events/handlers.ts';
import { createOutboxTransaction } from '../../src/events/outbox-transaction.ts';
import { createProductPriceQuoter } from '../../src/pricing/price-quoter.ts';
import { type ProductStandIn, startProductStandIn } from './product-stand-in.ts';
import { startUserStandIn, type UserStandIn } from './user-stand-in.ts';

export interface TestServer {
  uri: string;
  close(): Promise<void>;
}

export function startTestServer(): Promise<TestServer> {
  return startEmbeddedServer();
}

export const testRules: OrderRules = {
  supplierCountry: 'DE',
  shippingFee: { amount: '15.00', currency: 'EUR' },
  freeShippingThreshold: { amount: '500.00', currency: 'EUR' },
  pendingDeadlineMs: 60_000,
};

/** A token the test verifier accepts: the caller, readable. */
export function tokenFor(user: Partial<AuthUser> & { id: string }): string {
  const full: AuthUser = {
    companyId: null,
    companyRole: null,
    roles: [],
    jti: randomUUID(),
    exp: 4_000_000_000,
    ...user,
  };
  return `test.${Buffer.from(JSON.stringify(full)).toString('base64url')}`;
}

const testVerifier: TokenVerifier = {
  async verify(token) {
    if (!token.startsWith('test.')) throw errors.unauthorized('The access token is invalid', 'INVALID_TOKEN');
    return JSON.parse(Buffer.from(token.slice(5), 'base64url').toString()) as AuthUser;
  },
};

export interface Member {
  userId: string;
  companyId: string;
  token: string;
}

export interface OrderApp {
  app: ServiceApp;
  ctx: OrderContext;
  mongo: Mongo;
  products: ProductStandIn;
  /** The user service's snapshot routes, when started with `{ userSnapshots: true }`. */
  users: UserStandIn | null;
  advance(ms: number): void;
  call(
    method: string,
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string>; csv?: string },
  ): Promise<LightMyRequestResponse>;
  /** A company member, with projections as the user service's snapshots would leave them. */
  member(opts?: {
    companyId?: string;
    role?: 'company_admin' | 'approver' | 'buyer';
    spendingLimit?: string | null;
    /** EUR amount of the member's monthly budget. */
    monthlyBudget?: string | null;
    company?: { country?: string; vatId?: string; status?: 'active' | 'on_hold' };
  }): Promise<Member>;
  adminToken(): string;
  /** Delivers an event to the order service's consumer handlers, as the bus would. */
  deliver<T extends EventType>(
    type: T,
    data: EventPayloads[T],
    source: 'user' | 'product' | 'payment',
    id?: string,
  ): Promise<void>;
  outboxEvents(type: string): Promise<{ type: string; data: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

let companyVersion = 0;

export async function startOrderApp(
  server: TestServer,
  port: number,
  rules: OrderRules = testRules,
  /** userSnapshots: read-through to a user stand-in on `port + 1` (else projections only). */
  options: { userSnapshots?: boolean } = {},
): Promise<OrderApp> {
  const mongo = createMongo({
    uri: server.uri,
    dbName: `order_${randomUUID().slice(0, 8)}`,
    appName: 'order-test',
  });
  const credential = generateServiceCredential();
  const products = await startProductStandIn(port, credential);
  const users = options.userSnapshots ? await startUserStandIn(port + 1, credential) : null;
  const snapshots = users ? createUserSnapshots({ baseUrl: users.url, credential, timeoutMs: 1_000 }) : null;
  let offsetMs = 0;
  const { app, ctx } = await buildApp({
    db: mongo.db,
    transaction: createOutboxTransaction(mongo.client, mongo.db),
    verifier: testVerifier,
    prices: createProductPriceQuoter({ baseUrl: products.url, credential, cacheMs: 0, timeoutMs: 1_000 }),
    ...(snapshots ? { snapshots } : {}),
    rules,
    now: () => new Date(Date.now() + offsetMs),
    logLevel: 'silent',
  });
  await app.ready();
  await ensureEventConsumerIndexes(mongo.db);
  const handlers = buildEventHandlers({ consumer: 'order', db: mongo.db, handlers: orderEventHandlers(ctx) });

  const call: OrderApp['call'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(opts.csv === undefined ? {} : { 'content-type': 'text/csv' }),
        ...(opts.headers ?? {}),
      },
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
      ...(opts.csv === undefined ? {} : { payload: opts.csv }),
    });

  const deliver: OrderApp['deliver'] = async (type, data, source, id) => {
    const event = createEvent(type, data, { source: source as never });
    const handler = handlers[type] as EventHandler | undefined;
    if (!handler) throw new Error(`order does not consume ${type}`);
    await handler(id ? { ...event, id } : event);
  };

  return {
    app,
    ctx,
    mongo,
    products,
    users,
    advance: (ms) => {
      offsetMs += ms;
    },
    call,
    async member(opts = {}) {
      const companyId = opts.companyId ?? `c-${randomUUID().slice(0, 8)}`;
      const userId = `u-${randomUUID().slice(0, 8)}`;
      const role = opts.role ?? 'buyer';
      const now = new Date().toISOString();
      if (opts.company || !opts.companyId) {
        await deliver(
          'company.updated',
          {
            companyId,
            name: `Firm ${companyId}`,
            status: opts.company?.status ?? 'active',
            currency: 'EUR',
            paymentTerms: 'net30',
            creditLimit: { amount: '10000.00', currency: 'EUR' },
            priceListId: null,
            ...(opts.company?.country ? { country: opts.company.country } : {}),
            ...(opts.company?.vatId ? { vatId: opts.company.vatId } : {}),
            version: ++companyVersion,
            updatedAt: now,
          },
          'user',
        );
      }
      await deliver(
        'member.updated',
        {
          userId,
          companyId,
          companyRole: role,
          spendingLimit: opts.spendingLimit ? { amount: opts.spendingLimit, currency: 'EUR' } : null,
          monthlyBudget: opts.monthlyBudget ? { amount: opts.monthlyBudget, currency: 'EUR' } : null,
          status: 'active',
          email: `${userId}@example.com`,
          name: `Member ${userId}`,
          version: 1,
          updatedAt: now,
        },
        'user',
      );
      return { userId, companyId, token: tokenFor({ id: userId, companyId, companyRole: role }) };
    },
    adminToken: () => tokenFor({ id: `ops-${randomUUID().slice(0, 6)}`, roles: ['admin'] }),
    deliver,
    async outboxEvents(type) {
      const records = await mongo.db.collection('outbox').find({ type }).sort({ _id: 1 }).toArray();
      return records.map((r) => ({ type: r.type, data: r.event.data }));
    },
    async close() {
      await app.close();
      snapshots?.close();
      await users?.close();
      await products.close();
      await mongo.close();
    },
  };
}

export const address = {
  line1: 'Hauptstraße 1',
  city: 'Berlin',
  postalCode: '10115',
  country: 'DE',
};
