/**
 * Revocations as a fact feed, checked by the one platform auth path: `createPlatformAuth` with a
 * revocation reader, behind a service's `authPlugin`. The feed here is an in-memory source (the
 * HTTP side of feeds is covered by feeds-reader.test.ts).
 */
import {
  createLocalJWKSet,
  createPlatformAuth,
  type RevocationEntry,
  requireAuth,
  revocationKey,
  startRevocationReader,
} from '@b2b/shared/auth';
import type { FeedPageBody, FeedReader } from '@b2b/shared/feeds';
import { createService, type ServiceApp } from '@b2b/shared/http';
import { afterEach, describe, expect, it } from 'vitest';
import { mint, newSigningKey, nowSec, type SigningKey } from './auth/helpers.ts';

/** A revocation feed in memory: every poll returns everything; `failing` makes polls throw. */
function fakeFeed() {
  const state = { entries: [] as RevocationEntry[], failing: false, polls: 0 };
  const source = async (): Promise<FeedPageBody<unknown>> => {
    state.polls++;
    if (state.failing) throw new Error('connection refused');
    return {
      items: state.entries.map((entry) => ({
        key: 'jti' in entry ? revocationKey.token(entry.jti) : revocationKey.subject(entry.sub),
        entry,
        expiresAt: entry.exp * 1000,
      })),
      watermark: 'AA',
      hasMore: false,
    };
  };
  return Object.assign(state, { source });
}

let app: ServiceApp | undefined;
let reader: FeedReader<RevocationEntry> | undefined;
afterEach(async () => {
  reader?.stop();
  await app?.close();
});

async function serviceWith(key: SigningKey, feed: ReturnType<typeof fakeFeed>, maxStalenessMs?: number) {
  let clock = Date.now();
  reader = startRevocationReader({ source: feed.source, intervalMs: 60_000, now: () => clock });
  const auth = createPlatformAuth({
    keys: createLocalJWKSet({ keys: [key.publicJwk] }),
    revocations: reader,
    now: () => clock,
    ...(maxStalenessMs === undefined ? {} : { maxStalenessMs }),
  });
  app = createService({ name: 'orders', logLevel: 'silent' });
  await app.register(auth.plugin);
  app.get('/me', { preHandler: requireAuth }, async (request) => ({ id: request.auth!.id }));
  const call = async (token: string) => {
    const res = await app!.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, code: res.json().code as string | undefined, body: res.json() };
  };
  return { call, advance: (ms: number) => (clock += ms), reader };
}

describe('createPlatformAuth with the revocation feed', () => {
  it('refuses a logged-out token (401 TOKEN_REVOKED) and keeps serving other tokens', async () => {
    const key = await newSigningKey('EdDSA');
    const feed = fakeFeed();
    const svc = await serviceWith(key, feed);
    await svc.reader.refresh();
    const session = await mint(key, { jti: 'session-1', sub: 'u1' });
    const other = await mint(key, { jti: 'session-2', sub: 'u1' });
    expect(await svc.call(session)).toMatchObject({ status: 200, body: { id: 'u1' } });

    feed.entries.push({ jti: 'session-1', exp: nowSec() + 900 });
    await svc.reader.refresh();
    expect(await svc.call(session)).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
    expect(await svc.call(other)).toMatchObject({ status: 200 });
  });

  it('refuses every token of a user issued before the marker, not those issued after it', async () => {
    const key = await newSigningKey('EdDSA');
    const feed = fakeFeed();
    const svc = await serviceWith(key, feed);
    const cutoff = nowSec();
    feed.entries.push({ sub: 'disabled', notBefore: cutoff, exp: cutoff + 900 });
    await svc.reader.refresh();
    expect(await svc.call(await mint(key, { sub: 'disabled', iat: cutoff - 10 }))).toMatchObject({
      status: 401,
      code: 'TOKEN_REVOKED',
    });
    expect(await svc.call(await mint(key, { sub: 'disabled', iat: cutoff }))).toMatchObject({ status: 200 });
    expect(await svc.call(await mint(key, { sub: 'someone-else', iat: cutoff - 10 }))).toMatchObject({
      status: 200,
    });
  });

  it('answers 503 AUTH_UNAVAILABLE, never 401, while the revocation list has never loaded', async () => {
    const key = await newSigningKey('EdDSA');
    const feed = fakeFeed();
    feed.failing = true;
    const svc = await serviceWith(key, feed);
    await svc.reader.refresh();
    const token = await mint(key);
    const refused = await svc.call(token);
    expect(refused).toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
    expect(JSON.stringify(refused.body)).not.toContain('connection refused');

    feed.failing = false;
    await svc.reader.refresh();
    expect(await svc.call(token)).toMatchObject({ status: 200 });
  });

  it('with maxStalenessMs, answers 503 once the copy is too old, and 200 again after a poll', async () => {
    const key = await newSigningKey('EdDSA');
    const feed = fakeFeed();
    const svc = await serviceWith(key, feed, 10_000);
    await svc.reader.refresh();
    const token = await mint(key);
    feed.failing = true;
    svc.advance(5_000);
    await svc.reader.refresh();
    expect(await svc.call(token)).toMatchObject({ status: 200 }); // failed, but recent enough
    svc.advance(6_000);
    expect(await svc.call(token)).toMatchObject({ status: 503, code: 'AUTH_UNAVAILABLE' });
    feed.failing = false;
    await svc.reader.refresh();
    expect(await svc.call(token)).toMatchObject({ status: 200 });
  });

  it('without maxStalenessMs (the gateway), keeps using the last copy through an outage', async () => {
    const key = await newSigningKey('EdDSA');
    const feed = fakeFeed();
    feed.entries.push({ jti: 'revoked', exp: nowSec() + 900 });
    const svc = await serviceWith(key, feed);
    await svc.reader.refresh();
    feed.failing = true;
    svc.advance(10 * 60_000);
    await svc.reader.refresh();
    expect(await svc.call(await mint(key, { jti: 'revoked' }))).toMatchObject({ status: 401 });
    expect(await svc.call(await mint(key, { jti: 'fine' }))).toMatchObject({ status: 200 });
  });

  it('forgets an entry once the token it revokes has expired, and keeps the later marker of a user', async () => {
    const key = await newSigningKey('EdDSA');
    const feed = fakeFeed();
    const svc = await serviceWith(key, feed);
    const t = nowSec();
    feed.entries.push({ jti: 'short', exp: t + 60 });
    await svc.reader.refresh();
    expect(svc.reader.get(revocationKey.token('short'))).toBeDefined();
    svc.advance(61_000);
    expect(svc.reader.get(revocationKey.token('short'))).toBeUndefined();

    // A marker written through locally is not moved back by an older one arriving from the feed.
    svc.reader.put(
      revocationKey.subject('u'),
      { sub: 'u', notBefore: t + 100, exp: t + 1000 },
      (t + 1000) * 1000,
    );
    feed.entries.push({ sub: 'u', notBefore: t + 50, exp: t + 950 });
    await svc.reader.refresh();
    expect(svc.reader.get(revocationKey.subject('u'))).toEqual({
      sub: 'u',
      notBefore: t + 100,
      exp: t + 1000,
    });
  });

  it('answers 503, not 401, when a custom revocation check throws (its store is down)', async () => {
    const key = await newSigningKey('EdDSA');
    let down = true;
    const auth = createPlatformAuth({
      keys: createLocalJWKSet({ keys: [key.publicJwk] }),
      revocations: {
        isRevoked: () => {
          if (down) throw new Error('database unreachable');
          return false;
        },
      },
    });
    const token = await mint(key);
    await expect(auth.verifier.verify(token)).rejects.toMatchObject({
      status: 503,
      code: 'AUTH_UNAVAILABLE',
    });
    down = false;
    await expect(auth.verifier.verify(token)).resolves.toMatchObject({ id: 'user-1' });
  });
});
