/**
 * The payment service alone on the embedded database, driven with inject() and with events
 * delivered by hand through the very handlers main.ts consumes with (claims, idempotency records,
 * outbox). Tokens are minted with a local key, as the user service would sign them.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { startEmbeddedServer } from '@b2b/docdb-local';
import { createLocalJWKSet, createTokenVerifier } from '@b2b/shared/auth';
import type { EventPayloads, EventType } from '@b2b/shared/catalogue';
import { events } from '@b2b/shared/catalogue';
import { createMongo, type Mongo } from '@b2b/shared/db';
import {
  buildEventHandlers,
  createEvent,
  type EventBus,
  type EventEnvelope,
  type EventHandlers,
  type OutboxRelay,
  startEventConsumers,
  startOutboxRelay,
} from '@b2b/shared/events';
import type { ServiceApp } from '@b2b/shared/http';
import { generateServiceCredential } from '@b2b/shared/internal';
import type { LightMyRequestResponse } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type Stripe from 'stripe';
import { buildApp } from '../../src/app.ts';
import type { PaymentContext } from '../../src/domain/context.ts';
import { createPaymentContext } from '../../src/domain/create-context.ts';
import { paymentEventHandlers } from '../../src/events/handlers.ts';
import { createOutboxTransaction } from '../../src/events/outbox-transaction.ts';
import type { CardProvider } from '../../src/providers/port.ts';
import { createSandboxProvider } from '../../src/providers/sandbox.ts';

export interface TestServer {
  uri: string;
  close(): Promise<void>;
}

export function startTestServer(): Promise<TestServer> {
  return startEmbeddedServer();
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PaymentApp {
  app: ServiceApp;
  ctx: PaymentContext;
  mongo: Mongo;
  logs: Record<string, unknown>[];
  /** The service credential its /internal/* routes accept. */
  serviceCredential: string;
  /** Moves the service's clock. */
  advance(ms: number): void;
  call(method: string, url: string, opts?: CallOptions): Promise<LightMyRequestResponse>;
  /** Delivers an event to the payment consumer as the bus would (same handler, same records). */
  deliver<T extends EventType>(
    type: T,
    data: EventPayloads[T],
    opts?: { correlationId?: string },
  ): Promise<EventEnvelope<T>>;
  /** Delivers exactly this envelope again (a redelivery). */
  redeliver<T extends EventType>(event: EventEnvelope<T>): Promise<void>;
  /** Events staged in the outbox, oldest first. */
  outboxEvents(
    type: string,
  ): Promise<{ type: string; data: Record<string, unknown>; correlationId: string }[]>;
  /** An access token; `admin: true` for platform staff. */
  token(claims: {
    sub?: string;
    companyId?: string | null;
    companyRole?: string | null;
    admin?: boolean;
  }): Promise<string>;
  close(): Promise<void>;
}

export async function startPaymentApp(
  server: TestServer,
  options: {
    provider?: (db: Mongo['db']) => CardProvider;
    stripeWebhook?: { stripe: Stripe; webhookSecret: string };
    /** Consume the payment queue and relay the outbox over this bus, as main.ts does. */
    bus?: EventBus;
  } = {},
): Promise<PaymentApp> {
  const mongo = createMongo({
    uri: server.uri,
    dbName: `payment_${randomUUID().slice(0, 8)}`,
    appName: 'payment-test',
  });
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const kid = `test-${randomUUID().slice(0, 8)}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };
  const verifier = createTokenVerifier({ keys: createLocalJWKSet(jwks) });

  let offsetMs = 0;
  const serviceLog: PaymentContext['log'] = {
    info: (fields, message) => logs.push({ level: 30, ...fields, msg: message }),
    warn: (fields, message) => logs.push({ level: 40, ...fields, msg: message }),
  };
  const ctx = createPaymentContext({
    db: mongo.db,
    provider: (options.provider ?? createSandboxProvider)(mongo.db),
    transaction: createOutboxTransaction(mongo.client, mongo.db),
    log: serviceLog,
    now: () => new Date(Date.now() + offsetMs),
  });
  const serviceCredential = generateServiceCredential();
  const app = await buildApp({
    db: mongo.db,
    ctx,
    verifier,
    serviceCredential,
    logLevel: 'info',
    logStream,
    ...(options.stripeWebhook ? { stripeWebhook: options.stripeWebhook } : {}),
  });
  let relay: OutboxRelay | undefined;
  if (options.bus) {
    await startEventConsumers(app, {
      consumer: 'payment',
      bus: options.bus,
      db: mongo.db,
      handlers: paymentEventHandlers(ctx),
      consume: { visibilityTimeoutMs: 500 },
    });
    relay = startOutboxRelay({ db: mongo.db, bus: options.bus, intervalMs: 50 });
  }
  await app.ready();
  const handlers: EventHandlers = buildEventHandlers({
    consumer: 'payment',
    db: mongo.db,
    handlers: paymentEventHandlers(ctx),
  });

  const call: PaymentApp['call'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
    });

  const redeliver: PaymentApp['redeliver'] = async (event) => {
    const handler = handlers[event.type] as ((e: typeof event) => Promise<void>) | undefined;
    if (!handler) throw new Error(`payment does not consume ${event.type}`);
    await handler(event);
  };

  return {
    app,
    ctx,
    mongo,
    logs,
    serviceCredential,
    advance: (ms) => {
      offsetMs += ms;
    },
    call,
    async deliver(type, data, opts = {}) {
      const event = createEvent(type, data, {
        source: events[type].producer,
        ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
      });
      await redeliver(event);
      return event;
    },
    redeliver,
    async outboxEvents(type) {
      const records = await mongo.db.collection('outbox').find({ type }).sort({ _id: 1 }).toArray();
      return records.map((r) => ({ type: r.type, data: r.event.data, correlationId: r.event.correlationId }));
    },
    async token({ sub = randomUUID(), companyId = null, companyRole = null, admin = false }) {
      return new SignJWT({ companyId, companyRole, roles: admin ? ['admin'] : [] })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(privateKey);
    },
    async close() {
      await app.close();
      await relay?.stop();
      await mongo.close();
    },
  };
}

let orderCounter = 0;

/** A company.updated snapshot with sensible defaults. */
export function companySnapshot(
  overrides: Partial<EventPayloads['company.updated']> = {},
): EventPayloads['company.updated'] {
  return {
    companyId: randomUUID(),
    name: 'Acme',
    status: 'active',
    currency: 'EUR',
    paymentTerms: 'net30',
    creditLimit: { amount: '1000.00', currency: 'EUR' },
    priceListId: null,
    version: 1,
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** An order.placed payload for `companyId` with one line making up `total`. */
export function orderPlaced(
  companyId: string,
  total: string,
  overrides: Partial<EventPayloads['order.placed']> = {},
): EventPayloads['order.placed'] {
  orderCounter++;
  return {
    orderId: randomUUID(),
    orderNumber: `ORD-${orderCounter}`,
    companyId,
    userId: randomUUID(),
    items: [{ sku: 'SKU-1', quantity: 1, unitPrice: { amount: total, currency: 'EUR' } }],
    total: { amount: total, currency: 'EUR' },
    paymentMethod: 'invoice',
    ...overrides,
  };
}

/** The order.* reference fields of another event for the same order. */
export function orderRef(placed: EventPayloads['order.placed']) {
  return {
    orderId: placed.orderId,
    orderNumber: placed.orderNumber,
    companyId: placed.companyId,
    userId: placed.userId,
  };
}
