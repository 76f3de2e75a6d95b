import { createServer, type Server } from 'node:http';
import {
  createLocalJWKSet,
  createRevocationList,
  createTokenVerifier,
  type RevocationList,
} from '@b2b/shared/auth';
import { AppError } from '@b2b/shared/errors';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterEach, describe, expect, it } from 'vitest';
import { mint, newSigningKey, nowSec } from './auth/helpers.ts';

/** A stand-in for the user service's GET /internal/revocations?since=<cursor>. */
interface Feed {
  url: string;
  entries: unknown[];
  failing: boolean;
  requests: string[];
  close(): Promise<void>;
}

async function startFeed(): Promise<Feed> {
  const state = { entries: [] as unknown[], failing: false, requests: [] as string[] };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    state.requests.push(url.search);
    if (state.failing) {
      res.writeHead(500).end('{"title":"boom"}');
      return;
    }
    // The cursor is the number of entries already delivered.
    const since = Number(url.searchParams.get('since') ?? 0);
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ items: state.entries.slice(since), cursor: String(state.entries.length) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/internal/revocations`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

let feed: Feed | undefined;
let list: RevocationList | undefined;
afterEach(async () => {
  list?.stop();
  await feed?.close();
  feed = undefined;
  list = undefined;
});

describe('createRevocationList', () => {
  it('revokes single tokens by jti and follows the cursor', async () => {
    feed = await startFeed();
    feed.entries.push({ jti: 'logout-1', exp: nowSec() + 600 });
    list = createRevocationList({ url: feed.url, intervalMs: 60_000 });
    await list.start();
    expect(list.isRevoked({ jti: 'logout-1', sub: 'u', iat: nowSec() })).toBe(true);
    expect(list.isRevoked({ jti: 'other', sub: 'u', iat: nowSec() })).toBe(false);

    feed.entries.push({ jti: 'logout-2', exp: nowSec() + 600 });
    expect(await list.refresh()).toBe(true);
    expect(list.isRevoked({ jti: 'logout-2', sub: 'u', iat: nowSec() })).toBe(true);
    expect(list.isRevoked({ jti: 'logout-1', sub: 'u', iat: nowSec() })).toBe(true);
    expect(feed.requests).toEqual(['', '?since=1']);
  });

  it('revokes every token of a subject issued before notBefore', async () => {
    feed = await startFeed();
    const cutoff = nowSec();
    feed.entries.push({ sub: 'removed-member', notBefore: cutoff, exp: cutoff + 900 });
    list = createRevocationList({ url: feed.url, intervalMs: 60_000 });
    await list.start();
    expect(list.isRevoked({ jti: 'a', sub: 'removed-member', iat: cutoff - 10 })).toBe(true);
    expect(list.isRevoked({ jti: 'b', sub: 'removed-member', iat: cutoff + 1 })).toBe(false);
    expect(list.isRevoked({ jti: 'c', sub: 'someone-else', iat: cutoff - 10 })).toBe(false);
  });

  it('polls on its own at the interval', async () => {
    feed = await startFeed();
    list = createRevocationList({ url: feed.url, intervalMs: 20 });
    await list.start();
    feed.entries.push({ jti: 'later', exp: nowSec() + 600 });
    await pollUntil(() => list!.isRevoked({ jti: 'later', sub: 'u', iat: nowSec() }));
  });

  it('keeps the current list when a poll fails and recovers afterwards', async () => {
    feed = await startFeed();
    feed.entries.push({ jti: 'kept', exp: nowSec() + 600 });
    const warnings: string[] = [];
    list = createRevocationList({
      url: feed.url,
      intervalMs: 60_000,
      log: { warn: (_o, msg) => warnings.push(msg), info: () => undefined },
    });
    await list.start();
    feed.failing = true;
    expect(await list.refresh()).toBe(false);
    expect(list.isRevoked({ jti: 'kept', sub: 'u', iat: nowSec() })).toBe(true);
    expect(list.status().consecutiveFailures).toBe(1);
    expect(warnings).toEqual(['revocation feed poll failed; keeping the current list']);

    await feed.close();
    expect(await list.refresh()).toBe(false); // connection refused
    expect(list.isRevoked({ jti: 'kept', sub: 'u', iat: nowSec() })).toBe(true);
  });

  it('forgets entries once the revoked tokens would have expired, and skips malformed items', async () => {
    feed = await startFeed();
    let clock = Date.now();
    const exp = Math.floor(clock / 1000) + 60;
    feed.entries.push({ jti: 'short', exp }, { nonsense: true }, { jti: 'no-exp' }, { sub: 's', exp });
    list = createRevocationList({ url: feed.url, intervalMs: 60_000, now: () => clock });
    await list.start();
    expect(list.status()).toMatchObject({ tokens: 1, subjects: 0 });
    expect(list.isRevoked({ jti: 'short', sub: 'u', iat: 0 })).toBe(true);
    clock += 61_000;
    expect(list.isRevoked({ jti: 'short', sub: 'u', iat: 0 })).toBe(false);
    await list.refresh();
    expect(list.status().tokens).toBe(0);
  });

  it('plugs into the token verifier: a logged-out token is refused', async () => {
    feed = await startFeed();
    const key = await newSigningKey('EdDSA');
    list = createRevocationList({ url: feed.url, intervalMs: 60_000 });
    await list.start();
    const verifier = createTokenVerifier({
      keys: createLocalJWKSet({ keys: [key.publicJwk] }),
      isRevoked: list.isRevoked,
    });
    const token = await mint(key, { jti: 'session-1' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ jti: 'session-1' });

    feed.entries.push({ jti: 'session-1', exp: nowSec() + 900 });
    await list.refresh();
    const err = await verifier.verify(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('TOKEN_REVOKED');
  });
});
