/**
 * The user service alone on the embedded database, driven with inject(). For tests of behaviour
 * that needs a controlled clock, captured logs, or direct access to the stored documents.
 */
import { Writable } from 'node:stream';
import type { Mongo } from '@b2b/shared/db';
import type { ServiceApp } from '@b2b/shared/http';
import { generateServiceCredential, SERVICE_CREDENTIAL_HEADER } from '@b2b/shared/internal';
import { freshMongo } from '@b2b/test-kit/fixtures';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createPlatformAdmin } from '../../src/domain/platform-admin.ts';
import { createOutboxTransaction } from '../../src/events/outbox-transaction.ts';
import type { BrowserSessionOptions } from '../../src/http/browser-session.ts';
import { createPasswordHasher, type PasswordHasher } from '../../src/passwords/hasher.ts';
import { UserRepository } from '../../src/repositories/users.ts';
import { createKeySet, SigningKeyRing } from '../../src/tokens/signing-keys.ts';
import { type CreditLedgerStandIn, creditLedgerStandIn } from './credit-ledger-stand-in.ts';

export interface UserApp {
  app: ServiceApp;
  mongo: Mongo;
  /** The platform service credential; `call` presents it on /internal/* URLs, as services do. */
  serviceCredential: string;
  /** The payment ledger as this app sees it (creditUsed per company, or down). */
  credit: CreditLedgerStandIn;
  /** Every JSON log line the service wrote. */
  logs: Record<string, unknown>[];
  /** Moves the service's clock (not the token verifier's). */
  advance(ms: number): void;
  call(
    method: string,
    url: string,
    opts?: { token?: string; body?: unknown },
  ): Promise<LightMyRequestResponse>;
  /** Events staged in the outbox, oldest first. */
  outboxEvents(type: string): Promise<{ type: string; data: Record<string, unknown> }[]>;
  register(overrides?: Record<string, unknown>): Promise<{
    email: string;
    password: string;
    userId: string;
    companyId: string;
    accessToken: string;
    refreshToken: string;
  }>;
  /** A platform admin's access token. */
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

/** The origin the user app of the tests allows for browser sessions. */
export const TEST_APP_ORIGIN = 'https://shop.example.com';

export interface UserAppOptions {
  keyRing?: () => SigningKeyRing;
  browserSessions?: BrowserSessionOptions;
  hasher?: PasswordHasher;
}

/** The user app on a fresh database of `server` (the fixture's `dbServer`). */
export async function startUserApp(server: { uri: string }, options: UserAppOptions = {}): Promise<UserApp> {
  const mongo = freshMongo(server, 'user');
  const logs: Record<string, unknown>[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  let offsetMs = 0;
  const serviceCredential = generateServiceCredential();
  const credit = creditLedgerStandIn();
  const app = await buildApp({
    credit,
    serviceCredential,
    db: mongo.db,
    keyRing: options.keyRing ?? new SigningKeyRing(createKeySet(new Date())),
    ...(options.hasher ? { hasher: options.hasher } : {}),
    transaction: createOutboxTransaction(mongo.client, mongo.db),
    now: () => new Date(Date.now() + offsetMs),
    logLevel: 'info',
    logStream,
    sweepLocks: false,
    browserSessions: options.browserSessions ?? { allowedOrigins: [TEST_APP_ORIGIN], secureCookies: false },
  });
  await app.ready();

  const call: UserApp['call'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(url.startsWith('/internal/') ? { [SERVICE_CREDENTIAL_HEADER]: serviceCredential } : {}),
      },
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
    });

  return {
    app,
    serviceCredential,
    credit,
    mongo,
    logs,
    advance: (ms) => {
      offsetMs += ms;
    },
    call,
    async outboxEvents(type) {
      const records = await mongo.db.collection('outbox').find({ type }).sort({ _id: 1 }).toArray();
      return records.map((r) => ({ type: r.type, data: r.event.data }));
    },
    async register(overrides = {}) {
      counter++;
      const tag = `${Date.now().toString(36)}${counter}`;
      const body = {
        email: `person.${tag}@example.com`,
        password: `a sturdy passphrase ${tag}`,
        name: `Person ${tag}`,
        companyName: `Firm ${tag}`,
        ...overrides,
      };
      const res = await call('POST', '/auth/register', { body });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
      const r = res.json();
      return {
        email: body.email as string,
        password: body.password as string,
        userId: r.user.id,
        companyId: r.company.id,
        accessToken: r.accessToken,
        refreshToken: r.refreshToken,
      };
    },
    async adminToken() {
      counter++;
      const email = `ops.${Date.now().toString(36)}${counter}@example.com`;
      const password = 'platform admin passphrase';
      await createPlatformAdmin(
        { users: new UserRepository(mongo.db), hasher: await createPasswordHasher(), now: () => new Date() },
        { email, name: 'Ops', password },
      );
      return (await call('POST', '/auth/login', { body: { email, password } })).json().accessToken;
    },
    async close() {
      await app.close();
      await mongo.close();
    },
  };
}
