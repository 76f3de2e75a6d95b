/**
 * Fact feeds end to end: an owner serving a collection as `GET /internal/feeds/facts` over HTTP,
 * and readers polling it through the service client, keeping a keyed local copy.
 */
import {
  defineCollectionFeed,
  type FeedReader,
  registerFeedReadiness,
  startFeedReader,
} from '@b2b/shared/feeds';
import { createService } from '@b2b/shared/http';
import { afterEach, describe, expect, it } from 'vitest';
import { Fact, type FeedOwner, startFeedOwner, until } from './feeds-support/owner.ts';

let owner: FeedOwner | undefined;
const readers: FeedReader<unknown>[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) reader.stop();
  await owner?.close();
  owner = undefined;
});

function reader(url: string, intervalMs = 60_000) {
  const r = startFeedReader({ url, name: 'facts', entrySchema: Fact, intervalMs });
  readers.push(r);
  return r;
}

describe('a feed reader', () => {
  it('started after 260 entries exist, catches up fully in pages of 100 and only then is ready', async () => {
    owner = await startFeedOwner({ pageSize: 100 });
    const base = Date.now() - 60_000;
    for (let i = 0; i < 260; i++) await owner.write(`f${String(i).padStart(3, '0')}`, i, new Date(base + i));

    const late = reader(owner.url);
    expect(late.status().ready).toBe(false);
    await late.refresh();

    expect(late.status()).toMatchObject({ ready: true, fresh: true, entries: 260 });
    for (let i = 0; i < 260; i++) expect(late.get(`f${String(i).padStart(3, '0')}`)).toEqual({ value: i });
    // Three pages (100, 100, 60): bounded pages, not one answer with everything.
    expect(owner.requests.length).toBe(3);
    expect(owner.requests[0]).toBe('');
    expect(owner.requests[1]).toMatch(/^\?after=/);
  });

  it('receives an entry written while it polls within one poll, and updates and removals too', async () => {
    owner = await startFeedOwner();
    await owner.write('a', 1);
    // Polled by hand: each refresh() below is one poll that starts after the write before it.
    const r = reader(owner.url);
    await r.refresh();
    expect(r.get('b')).toBeUndefined();

    await owner.write('b', 2);
    await r.refresh();
    expect(r.get('b')).toEqual({ value: 2 });

    await owner.write('a', 10);
    await owner.write('b', 0, new Date(), { removed: true });
    await r.refresh();
    expect(r.get('a')).toEqual({ value: 10 });
    expect(r.get('b')).toBeUndefined();

    // And by its own timer, without being asked (within a deadline of a few intervals).
    const polling = reader(owner.url, 100);
    await until(() => polling.status().ready);
    await owner.write('c', 3);
    await until(() => polling.get('c') !== undefined, 2_000);
    expect(polling.get('c')).toEqual({ value: 3 });
  });

  it('does not skip a write that commits after later ones were served (within the overlap window)', async () => {
    owner = await startFeedOwner({ overlapMs: 5_000 });
    await owner.write('early', 1);
    const r = reader(owner.url);
    await r.refresh();
    await owner.write('later', 2);
    await r.refresh();
    expect(r.get('later')).toEqual({ value: 2 });

    // Stamped 2 s ago but visible only now: a slow transaction.
    await owner.write('slow', 3, new Date(Date.now() - 2_000));
    await r.refresh();
    expect(r.get('slow')).toEqual({ value: 3 });

    // The window is the bound: a write that took longer than it to commit is missed by this reader.
    await owner.write('too-slow', 4, new Date(Date.now() - 60_000));
    await r.refresh();
    expect(r.get('too-slow')).toBeUndefined();
    // ...but a reader catching up from zero gets it.
    const fresh = reader(owner.url);
    await fresh.refresh();
    expect(fresh.get('too-slow')).toEqual({ value: 4 });
  });

  it('misses nothing written by concurrent writers whose writes commit out of order', async () => {
    owner = await startFeedOwner({ pageSize: 50, overlapMs: 5_000 });
    const r = reader(owner.url, 5);
    await until(() => r.status().ready);
    const feedOwner = owner;
    const writer = async (w: number) => {
      for (let i = 0; i < 60; i++) {
        // A time up to 1 s in the past: each write "commits" late, in a different order than stamped.
        await feedOwner.write(`w${w}-${i}`, i, new Date(Date.now() - Math.floor(Math.random() * 1_000)));
      }
    };
    await Promise.all([0, 1, 2, 3, 4].map(writer));
    await r.refresh(); // may be a poll that started before the last write...
    await r.refresh(); // ...this one started after all of them
    expect(r.status().entries).toBe(300);
    for (let w = 0; w < 5; w++)
      for (let i = 0; i < 60; i++) expect(r.get(`w${w}-${i}`)).toEqual({ value: i });
  });

  it('survives the owner being down: keeps its copy, reports degraded, resumes with what was missed', async () => {
    owner = await startFeedOwner();
    await owner.write('kept', 1);
    const r = reader(owner.url);
    await r.refresh();
    const app = createService({ name: 'reader', logLevel: 'silent' });
    registerFeedReadiness(app.readiness, r);
    const ready = async () => (await app.inject({ url: '/health/ready' })).json();
    expect(await ready()).toEqual({
      status: 'ready',
      checks: expect.objectContaining({
        'feed-facts': { status: 'up' },
        'feed-facts-fresh': { status: 'up' },
      }),
    });

    await owner.stop();
    expect(await r.refresh()).toBe(false);
    expect(r.get('kept')).toEqual({ value: 1 });
    expect(r.status()).toMatchObject({ ready: true, fresh: false, consecutiveFailures: 1 });
    const degraded = await ready();
    expect(degraded.status).toBe('ready');
    expect(degraded.checks['feed-facts-fresh'].status).toBe('degraded');

    await owner.write('during-outage', 2);
    await owner.start();
    expect(await r.refresh()).toBe(true);
    expect(r.get('during-outage')).toEqual({ value: 2 });
    expect(r.status()).toMatchObject({ fresh: true, consecutiveFailures: 0 });
    expect((await ready()).checks['feed-facts-fresh']).toEqual({ status: 'up' });
    await app.close();
  });

  it('is not ready while it has never caught up (owner down from the start)', async () => {
    owner = await startFeedOwner();
    await owner.stop();
    const r = reader(owner.url);
    expect(await r.refresh()).toBe(false);
    const app = createService({ name: 'reader', logLevel: 'silent' });
    registerFeedReadiness(app.readiness, r);
    const res = await app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks['feed-facts'].status).toBe('down');

    await owner.start();
    await r.refresh();
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    await app.close();
  });

  it('forgets expired entries by itself and is never served them once expired', async () => {
    let clock = Date.now();
    owner = await startFeedOwner({ expiring: true, now: () => clock });
    await owner.write('short', 1, new Date(), { expiresAt: new Date(clock + 1_000) });
    await owner.write('long', 2, new Date(), { expiresAt: new Date(clock + 60_000) });
    await owner.write('dead', 3, new Date(), { expiresAt: new Date(clock - 1) });
    const r = startFeedReader({
      url: owner.url,
      name: 'facts',
      entrySchema: Fact,
      intervalMs: 60_000,
      now: () => clock,
    });
    readers.push(r);
    await r.refresh();
    expect(r.get('short')).toEqual({ value: 1 });
    expect(r.get('long')).toEqual({ value: 2 });
    expect(r.get('dead')).toBeUndefined();

    clock += 2_000;
    expect(r.get('short')).toBeUndefined();
    expect(r.get('long')).toEqual({ value: 2 });
    expect(r.entries()).toEqual([['long', { value: 2 }]]);
  });

  it('skips entries that do not match the schema and keeps the rest', async () => {
    const warnings: object[] = [];
    const r = startFeedReader({
      name: 'facts',
      entrySchema: Fact,
      intervalMs: 60_000,
      source: async () => ({
        items: [
          { key: 'good', entry: { value: 1 } },
          { key: 'bad', entry: { value: 'one' } },
          { key: 'extra', entry: { value: 2, secret: 'x' } },
        ],
        watermark: 'AA',
        hasMore: false,
      }),
      log: { warn: (obj) => warnings.push(obj), info: () => undefined },
    });
    readers.push(r);
    await r.refresh();
    expect(r.entries()).toEqual([['good', { value: 1 }]]);
    expect(warnings).toEqual([{ feed: 'facts', skipped: 2 }]);
  });
});

describe('onChange', () => {
  it('tells the reader of every applied entry and removal, not of skipped ones', async () => {
    owner = await startFeedOwner();
    await owner.write('a', 1);
    await owner.write('b', 2);
    const seen: [string, unknown][] = [];
    const r = startFeedReader({
      url: owner.url,
      name: 'facts',
      entrySchema: Fact,
      intervalMs: 60_000,
      onChange: (key, entry) => seen.push([key, entry]),
    });
    readers.push(r);
    await r.refresh();
    expect(seen).toEqual(
      expect.arrayContaining([
        ['a', { value: 1 }],
        ['b', { value: 2 }],
      ]),
    );
    seen.length = 0;
    await owner.write('a', 5);
    await owner.write('b', 0, new Date(), { removed: true });
    await r.refresh();
    // The overlap window may repeat entries; what matters is the latest call per key.
    const latest = new Map(seen);
    expect(latest.get('a')).toEqual({ value: 5 });
    expect(latest.get('b')).toBeNull();
    expect(r.get('a')).toEqual({ value: 5 });
  });

  it('is not called for entries that fail the schema', async () => {
    const seen: string[] = [];
    const r = startFeedReader({
      name: 'facts',
      entrySchema: Fact,
      intervalMs: 60_000,
      source: async () => ({
        items: [
          { key: 'good', entry: { value: 1 } },
          { key: 'bad', entry: { value: 'one' } },
        ],
        watermark: 'AA',
        hasMore: false,
      }),
      onChange: (key) => seen.push(key),
    });
    readers.push(r);
    await r.refresh();
    expect(seen).toEqual(['good']);
  });
});

describe('defineCollectionFeed exclude', () => {
  it('leaves the named fields out of the documents toEntry gets; without it they are there', async () => {
    owner = await startFeedOwner();
    await owner.write('a', 1, new Date(), { removed: false });
    const seenFields = (exclude?: string[]) => {
      const fields: string[][] = [];
      const feed = defineCollectionFeed({
        name: 'facts',
        collection: owner!.facts,
        ...(exclude ? { exclude } : {}),
        toEntry: (doc) => {
          fields.push(Object.keys(doc).sort());
          return { value: doc.value };
        },
      });
      return feed.readPage(undefined).then(() => fields[0]);
    };
    expect(await seenFields()).toEqual(['_id', 'removed', 'updatedAt', 'value']);
    expect(await seenFields(['removed'])).toEqual(['_id', 'updatedAt', 'value']);
  });
});

describe('GET /internal/feeds/<name>', () => {
  it('refuses a watermark it did not issue with a problem, and accepts one it did', async () => {
    owner = await startFeedOwner();
    await owner.write('a', 1);
    const first = await fetch(`${owner.url}/internal/feeds/facts`);
    expect(first.status).toBe(200);
    const page = (await first.json()) as { items: unknown[]; watermark: string; hasMore: boolean };
    expect(page).toEqual({
      items: [{ key: 'a', entry: { value: 1 } }],
      watermark: expect.any(String),
      hasMore: false,
    });
    expect((await fetch(`${owner.url}/internal/feeds/facts?after=${page.watermark}`)).status).toBe(200);

    for (const bad of ['bm9wZQ', 'yesterday', '%2F%2F']) {
      const res = await fetch(`${owner.url}/internal/feeds/facts?after=${bad}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
