/**
 * The notification service on the embedded database with an in-memory directory and real token
 * checks, driven with inject(); events are delivered through the real consumer handlers
 * (`buildEventHandlers`), as the bus would, so duplicates and concurrency are the tests' to choose.
 */
import { randomUUID } from 'node:crypto';
import { type EventPayloads, type EventType, events } from '@b2b/shared/catalogue';
import type { Mongo } from '@b2b/shared/db';
import {
  buildEventHandlers,
  createDocStoreEventBus,
  createEvent,
  type DocStoreEventBus,
  type EventEnvelope,
  type EventHandlers,
  ensureEventConsumerIndexes,
} from '@b2b/shared/events';
import type { ServiceApp } from '@b2b/shared/http';
import { freshMongo } from '@b2b/test-kit/fixtures';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { OutboundTransport } from '../../src/channels/port.ts';
import type { NotificationContext } from '../../src/domain/context.ts';
import { notificationHandlers } from '../../src/events/handlers.ts';
import { MemoryDirectory, type TestPerson } from './directory.ts';
import { createTestTokens, type TestTokens } from './tokens.ts';

export interface NotificationTestApp {
  app: ServiceApp;
  ctx: NotificationContext;
  mongo: Mongo;
  /** The docstore bus on this test's database, whose dead letters the admin routes show. */
  bus: DocStoreEventBus;
  directory: MemoryDirectory;
  tokens: TestTokens;
  handlers: EventHandlers;
  call(
    method: string,
    url: string,
    opts?: { token?: string; body?: unknown },
  ): Promise<LightMyRequestResponse>;
  /** Builds a checked event (createEvent validates the payload against its schema). */
  event<T extends EventType>(type: T, data: EventPayloads[T]): EventEnvelope<T>;
  /** Runs the consumer's handler for the event, as one bus delivery. */
  deliver(event: EventEnvelope): Promise<void>;
  person(overrides?: Partial<TestPerson>): TestPerson;
  adminToken(): Promise<string>;
  tokenFor(person: TestPerson): Promise<string>;
  close(): Promise<void>;
}

export async function startNotificationApp(
  server: { uri: string },
  options: {
    transport?: OutboundTransport;
    sendRetry?: { retries?: number; baseMs?: number; maxMs?: number };
  } = {},
): Promise<NotificationTestApp> {
  const mongo = freshMongo(server, 'notification');
  const directory = new MemoryDirectory();
  const tokens = await createTestTokens();
  const bus = createDocStoreEventBus({ db: mongo.db, minPollMs: 10, maxPollMs: 50 });
  const { app, ctx } = await buildApp({
    db: mongo.db,
    authPlugin: tokens.auth.plugin,
    directory,
    deadLetters: bus.deadLetters,
    ...(options.transport ? { transport: options.transport } : {}),
    publicBaseUrl: 'https://shop.example.com/',
    sendRetry: { baseMs: 1, maxMs: 5, ...options.sendRetry },
    logLevel: 'silent',
  });
  await app.ready();
  await ensureEventConsumerIndexes(mongo.db);
  const handlers = buildEventHandlers({
    consumer: 'notification',
    db: mongo.db,
    handlers: notificationHandlers(ctx),
  });
  let n = 0;
  return {
    app,
    ctx,
    mongo,
    bus,
    directory,
    tokens,
    handlers,
    call: (method, url, opts = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
      }),
    event: (type, data) =>
      createEvent(type, data, { source: events[type].producer, correlationId: randomUUID() }) as never,
    deliver: async (event) => {
      const handler = (handlers as Record<string, (e: EventEnvelope) => Promise<void>>)[event.type];
      if (!handler) throw new Error(`no handler for ${event.type}`);
      await handler(event);
    },
    person(overrides = {}) {
      n++;
      const tag = `${Date.now().toString(36)}${n}`;
      return directory.add({
        userId: `u-${tag}`,
        name: `Person ${tag}`,
        email: `person.${tag}@example.com`,
        phone: null,
        companyId: `c-${tag}`,
        companyRole: 'buyer',
        locale: 'en',
        ...overrides,
      });
    },
    adminToken: () => tokens.token({ sub: `admin-${randomUUID()}`, roles: ['admin'] }),
    tokenFor: (p) =>
      tokens.token({
        sub: p.userId,
        ...(p.companyId ? { companyId: p.companyId } : {}),
        ...(p.companyRole ? { companyRole: p.companyRole } : {}),
        roles: p.admin ? ['admin'] : [],
      }),
    async close() {
      await bus.close();
      await app.close();
      await mongo.close();
    },
  };
}
