/**
 * Test stack: the embedded database, the user service listening on a random 127.0.0.1 port with
 * its outbox relay and a document-store event bus, and the api-gateway (inject) forwarding to it.
 * Tests talk to the gateway exactly as clients do: `/api/v1/...`.
 */
import { randomUUID } from 'node:crypto';
import { buildApp as buildGateway, type GatewayConfig, gatewayDefaults } from '@b2b/api-gateway';
import { startEmbeddedServer } from '@b2b/docdb-local';
import type { EventType } from '@b2b/shared/catalogue';
import { createMongo, type Mongo } from '@b2b/shared/db';
import { createEventBus, type EventBus, type EventEnvelope, startOutboxRelay } from '@b2b/shared/events';
import type { ServiceApp } from '@b2b/shared/http';
import { generateServiceCredential } from '@b2b/shared/internal';
import { pollUntil } from '@b2b/test-kit/poll';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';

/** The web app origin the stack's user service accepts browser sessions from. */
export const BROWSER_APP_ORIGIN = 'https://shop.example.com';

import { createOutboxTransaction } from '../../src/events/outbox-transaction.ts';
import { createKeySet, SigningKeyRing } from '../../src/tokens/signing-keys.ts';
import { creditLedgerStandIn } from './credit-ledger-stand-in.ts';
import { createGatewayVerifier, type GatewayVerifier } from './gateway-verifier.ts';

export interface IdentityStack {
  gateway: ServiceApp;
  user: ServiceApp;
  userUrl: string;
  /** The platform service credential the user service's /internal routes demand. */
  serviceCredential: string;
  mongo: Mongo;
  keyRing: SigningKeyRing;
  verifier: GatewayVerifier;
  /** `METHOD /route/:pattern` of every user-service route that answered a request. */
  routesHit: Set<string>;
  /** Another gateway in front of the same user service (e.g. with a low rate limit). */
  startGateway(overrides: Partial<GatewayConfig['rateLimit']>): Promise<ServiceApp>;
  /** Events as the notification service receives them. */
  events: EventEnvelope[];
  api: (
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<LightMyRequestResponse>;
  waitForEvent<T extends EventType>(
    type: T,
    match: (e: EventEnvelope<T>) => boolean,
  ): Promise<EventEnvelope<T>>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Gateway credential-route limit per minute; high by default so flows are not throttled. */
  credentialsPerMinute?: number;
  /** Origins allowed for browser sessions (default BROWSER_APP_ORIGIN). */
  browserOrigins?: string[];
}

export async function startIdentityStack(options: StackOptions = {}): Promise<IdentityStack> {
  const server = await startEmbeddedServer();
  const dbName = `user_${randomUUID().slice(0, 8)}`;
  const mongo = createMongo({ uri: server.uri, dbName, appName: 'user-test' });
  const busDb = mongo.client.db(`eventbus_${dbName}`);
  const bus: EventBus = createEventBus({ EVENT_BUS: 'docstore' }, { db: busDb });
  const keyRing = new SigningKeyRing(createKeySet(new Date()));
  const serviceCredential = generateServiceCredential();

  const user = await buildApp({
    credit: creditLedgerStandIn(),
    db: mongo.db,
    keyRing,
    serviceCredential,
    transaction: createOutboxTransaction(mongo.client, mongo.db),
    sweepLocks: false,
    browserSessions: { allowedOrigins: options.browserOrigins ?? [BROWSER_APP_ORIGIN], secureCookies: false },
  });
  // Which route patterns answered, so a test can prove it exercised every route.
  const routesHit = new Set<string>();
  user.addHook('onResponse', async (request) => {
    if (request.routeOptions.url) routesHit.add(`${request.method} ${request.routeOptions.url}`);
  });
  const relay = startOutboxRelay({ db: mongo.db, bus, intervalMs: 50 });
  await user.listen({ port: 0, host: '127.0.0.1' });
  const address = user.server.address();
  const userUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const events: EventEnvelope[] = [];
  const consumer = bus.consume(
    'notification',
    {
      'user.registered': async (e) => void events.push(e),
      'user.invited': async (e) => void events.push(e),
      'user.password_reset_requested': async (e) => void events.push(e),
    },
    { concurrency: 1 },
  );

  const verifier = await createGatewayVerifier(userUrl, { pollMs: 100, serviceCredential });
  const gateways: ServiceApp[] = [];
  const startGateway = async (rateLimit: Partial<GatewayConfig['rateLimit']>) => {
    const config: GatewayConfig = {
      ...gatewayDefaults,
      upstreams: { user: userUrl },
      corsOrigins: [],
      rateLimit: {
        anonymousPerMinute: 10_000,
        userPerMinute: 10_000,
        credentialsPerMinute: 10_000,
        ...rateLimit,
      },
    };
    const app = await buildGateway({ config, verifier });
    await app.ready();
    gateways.push(app);
    return app;
  };
  const gateway = await startGateway(
    options.credentialsPerMinute ? { credentialsPerMinute: options.credentialsPerMinute } : {},
  );

  return {
    gateway,
    user,
    userUrl,
    serviceCredential,
    routesHit,
    startGateway,
    mongo,
    keyRing,
    verifier,
    events,
    api: (method, path, opts = {}) =>
      gateway.inject({
        method: method as 'GET',
        url: `/api/v1${path}`,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...opts.headers,
        },
        ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
      }),
    waitForEvent: (type, match) =>
      pollUntil(
        () =>
          events.find(
            (e): e is EventEnvelope<typeof type> => e.type === type && match(e as EventEnvelope<typeof type>),
          ),
        { message: `a ${type} event` },
      ),
    async close() {
      for (const app of gateways) await app.close();
      // The service first, while the feed poller's sockets are open, so in-flight polls finish
      // (a poll aborted mid-request would leave its handler running into a closed database).
      await user.close();
      verifier.stop();
      await consumer.stop();
      await relay.stop();
      await bus.close();
      await mongo.close();
      await server.close();
    },
  };
}

let counter = 0;
/** A fresh, valid registration body. */
export function newRegistration(overrides: Record<string, unknown> = {}) {
  counter++;
  const tag = `${Date.now().toString(36)}${counter}${randomUUID().slice(0, 4)}`;
  return {
    email: `user.${tag}@example.com`,
    password: `a sturdy passphrase ${tag}`,
    name: `User ${tag}`,
    companyName: `Company ${tag}`,
    ...overrides,
  };
}
