/**
 * The user service's revocations: the `revocations` feed it publishes, and its own copy of it that
 * every request is checked against (no database read per request). Two tasks on one database:
 * a logout is refused by the task that handled it at once, by the other within one poll.
 */
import { randomUUID } from 'node:crypto';
import { type EmbeddedServer, startEmbeddedServer } from '@b2b/docdb-local';
import { createMongo, type Mongo } from '@b2b/shared/db';
import type { ServiceApp } from '@b2b/shared/http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createPlatformAdmin } from '../src/domain/platform-admin.ts';
import { createOutboxTransaction } from '../src/events/outbox-transaction.ts';
import { createPasswordHasher } from '../src/passwords/hasher.ts';
import { UserRepository } from '../src/repositories/users.ts';
import { createKeySet, SigningKeyRing } from '../src/tokens/signing-keys.ts';
import { creditLedgerStandIn } from './support/credit-ledger-stand-in.ts';
import { startUserApp, type UserApp } from './support/user-app.ts';

let server: EmbeddedServer;
let svc: UserApp;
beforeAll(async () => {
  server = await startEmbeddedServer();
  svc = await startUserApp(server);
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

type Page = {
  items: { key: string; entry: Record<string, unknown> | null; expiresAt?: number }[];
  watermark: string;
  hasMore: boolean;
};

const feed = async (after?: string): Promise<Page> => {
  const res = await svc.call(
    'GET',
    `/internal/feeds/revocations${after === undefined ? '' : `?after=${after}`}`,
  );
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json() as Page;
};

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

describe('GET /internal/feeds/revocations', () => {
  it('publishes logged-out token ids and per-user markers, and a watermark that continues from there', async () => {
    const first = await feed();
    const u = await svc.register();
    const { jti, exp } = claims(u.accessToken);
    await svc.call('POST', '/auth/logout', { token: u.accessToken, body: { refreshToken: u.refreshToken } });

    const afterLogout = await feed(first.watermark);
    expect(afterLogout.items).toContainEqual({
      key: `jti:${jti}`,
      entry: { jti, exp },
      expiresAt: exp * 1000,
    });
    expect(afterLogout.hasMore).toBe(false);

    const v = await svc.register();
    const admin = await svc.adminToken();
    await svc.call('PATCH', `/admin/users/${v.userId}`, { token: admin, body: { status: 'disabled' } });
    const afterDisable = await feed(afterLogout.watermark);
    const marker = afterDisable.items.find((i) => i.key === `sub:${v.userId}`)?.entry;
    expect(marker).toEqual({ sub: v.userId, notBefore: expect.any(Number), exp: expect.any(Number) });
    expect(marker!.notBefore as number).toBeGreaterThan(claims(v.accessToken).iat);
    expect((marker!.exp as number) - (marker!.notBefore as number)).toBe(900);
  });

  it('refuses a malformed watermark with a problem, not a crash', async () => {
    for (const bad of ['yesterday', 'e30', 'x'.repeat(600)]) {
      const res = await svc.call('GET', `/internal/feeds/revocations?after=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    // The old feed is gone: one mechanism, no second copy.
    expect((await svc.call('GET', '/internal/revocations')).statusCode).toBe(404);
  });

  it('drops entries whose tokens have expired', async () => {
    const u = await svc.register();
    const { jti } = claims(u.accessToken);
    await svc.call('POST', '/auth/logout', { token: u.accessToken, body: { refreshToken: u.refreshToken } });
    expect((await feed()).items.some((i) => i.key === `jti:${jti}`)).toBe(true);
    svc.advance(16 * 60_000);
    expect((await feed()).items.some((i) => i.key === `jti:${jti}`)).toBe(false);
    svc.advance(-16 * 60_000);
  });
});

/** Two tasks of the user service on one database, like two ECS tasks behind the load balancer. */
describe('revocation checks across tasks', () => {
  const POLL_MS = 200;
  /** One interval plus the poll's own time on a busy machine (a database read, a few ms when idle). */
  const WITHIN_ONE_POLL_MS = POLL_MS + 1_000;
  let mongo: Mongo;
  const tasks: ServiceApp[] = [];
  const started: Mongo[] = [];

  async function task(db: Mongo, keyRing: SigningKeyRing, options: { maxStalenessMs?: number } = {}) {
    const app = await buildApp({
      credit: creditLedgerStandIn(),
      db: db.db,
      keyRing,
      transaction: createOutboxTransaction(db.client, db.db),
      logLevel: 'silent',
      sweepLocks: false,
      revocationPollMs: POLL_MS,
      serviceCredential: undefined,
      ...(options.maxStalenessMs === undefined ? {} : { revocationMaxStalenessMs: options.maxStalenessMs }),
    });
    await app.ready();
    tasks.push(app);
    return app;
  }
  const me = (app: ServiceApp, token: string) =>
    app.inject({ method: 'GET', url: '/users/me', headers: { authorization: `Bearer ${token}` } });
  const newMongo = () => {
    const m = createMongo({
      uri: server.uri,
      dbName: `user_${randomUUID().slice(0, 8)}`,
      appName: 'user-test',
    });
    started.push(m);
    return m;
  };
  const register = async (app: ServiceApp) => {
    const tag = randomUUID().slice(0, 8);
    const res = await app.inject({
      method: 'POST',
      url: '/auth/register',
      payload: {
        email: `p.${tag}@example.com`,
        password: `a sturdy passphrase ${tag}`,
        name: 'P',
        companyName: `F ${tag}`,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { user: { id: string }; accessToken: string; refreshToken: string };
  };

  const adminToken = async (app: ServiceApp) => {
    const email = `ops.${randomUUID().slice(0, 8)}@example.com`;
    const password = 'platform admin passphrase';
    await createPlatformAdmin(
      { users: new UserRepository(mongo.db), hasher: await createPasswordHasher(), now: () => new Date() },
      { email, name: 'Ops', password },
    );
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
    return res.json().accessToken as string;
  };

  beforeAll(() => {
    mongo = newMongo();
  });
  afterEach(async () => {
    for (const app of tasks.splice(0)) await app.close();
  });
  afterAll(async () => {
    for (const m of started) await m.close().catch(() => undefined);
  });

  it('logout on task A is refused by A at once and by B within one poll', async () => {
    const keyRing = new SigningKeyRing(createKeySet(new Date()));
    const a = await task(mongo, keyRing);
    const b = await task(mongo, keyRing);
    const u = await register(a);
    expect((await me(a, u.accessToken)).statusCode).toBe(200);
    expect((await me(b, u.accessToken)).statusCode).toBe(200);

    const logout = await a.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { authorization: `Bearer ${u.accessToken}` },
      payload: { refreshToken: u.refreshToken },
    });
    expect(logout.statusCode).toBe(204);
    const loggedOutAt = Date.now();
    // A: the very next request, no poll in between.
    const onA = await me(a, u.accessToken);
    expect(onA.statusCode).toBe(401);
    expect(onA.json().code).toBe('TOKEN_REVOKED');

    // B: polled with a deadline of one poll (interval + the poll itself).
    let onB = await me(b, u.accessToken);
    while (onB.statusCode === 200 && Date.now() - loggedOutAt < WITHIN_ONE_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      onB = await me(b, u.accessToken);
    }
    expect(onB.statusCode).toBe(401);
    expect(onB.json().code).toBe('TOKEN_REVOKED');
    // Positive control: another session of the same user still works on both.
    const other = await a.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refreshToken: (await register(a)).refreshToken },
    });
    expect(other.statusCode).toBe(200);
    expect((await me(b, other.json().accessToken)).statusCode).toBe(200);
  });

  it('disabling a user refuses their tokens on the admin\u2019s task at once and on the other within one poll', async () => {
    const keyRing = new SigningKeyRing(createKeySet(new Date()));
    const a = await task(mongo, keyRing);
    const b = await task(mongo, keyRing);
    const u = await register(a);
    const admin = await adminToken(a);
    const disable = await a.inject({
      method: 'PATCH',
      url: `/admin/users/${u.user.id}`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { status: 'disabled' },
    });
    expect(disable.statusCode).toBe(200);
    const at = Date.now();
    expect((await me(a, u.accessToken)).json().code).toBe('TOKEN_REVOKED');
    let onB = await me(b, u.accessToken);
    while (onB.statusCode === 200 && Date.now() - at < WITHIN_ONE_POLL_MS) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      onB = await me(b, u.accessToken);
    }
    expect(onB.json().code).toBe('TOKEN_REVOKED');
    expect((await me(b, admin)).statusCode).toBe(200);
  });

  it('answers 503 AUTH_UNAVAILABLE, never 401, once its database is unreachable', async () => {
    // A database server of its own, to take down.
    const ownServer = await startEmbeddedServer();
    const own = createMongo({
      uri: ownServer.uri,
      dbName: 'user_down',
      appName: 'user-test',
      serverSelectionTimeoutMs: 300,
    });
    started.push(own);
    const keyRing = new SigningKeyRing(createKeySet(new Date()));
    const app = await task(own, keyRing, { maxStalenessMs: 1_500 });
    const u = await register(app);
    const before = await me(app, u.accessToken);
    expect(before.json()).toMatchObject({ id: u.user.id });

    await ownServer.close();
    const statuses = new Set<number>();
    const deadline = Date.now() + 5_000;
    let res = await me(app, u.accessToken);
    while (res.json().code !== 'AUTH_UNAVAILABLE' && Date.now() < deadline) {
      statuses.add(res.statusCode);
      await new Promise((resolve) => setTimeout(resolve, 20));
      res = await me(app, u.accessToken);
    }
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
    expect(res.headers['retry-after']).toBe('5');
    // Before the copy went stale the route itself failed on the database; the token was never 401.
    expect(statuses.has(401)).toBe(false);
  });
});
