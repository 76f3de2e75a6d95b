import { describe, expect, it } from 'vitest';
import { AvailabilityJoin } from '../src/domain/availability.ts';
import { startIndexFollower } from '../src/domain/index-follower.ts';
import { MiniSearchEngine } from '../src/engine/minisearch-engine.ts';
import type { SearchDocument, SearchEngine } from '../src/engine/port.ts';
import type { IndexedDocument } from '../src/schemas/index-feed.ts';
import { indexedDoc } from './support/products.ts';

type Page = { items: { key: string; entry: IndexedDocument | null }[]; watermark: string; hasMore: boolean };

const joinFor = (engine: SearchEngine) => new AvailabilityJoin(engine, (sku) => sku.toUpperCase());

/** A feed whose pages the test scripts: `pages[watermark ?? '']`, or a failure while `down`. */
function scriptedFeed(pages: Record<string, Page>) {
  const state = { down: false, calls: [] as (string | undefined)[] };
  const source = async (after: string | undefined) => {
    state.calls.push(after);
    if (state.down) throw new Error('database unreachable');
    return pages[after ?? ''] ?? { items: [], watermark: after ?? '', hasMore: false };
  };
  return { source, state };
}

class CountingEngine extends MiniSearchEngine {
  upserts = 0;
  override async upsert(doc: SearchDocument) {
    this.upserts++;
    return super.upsert(doc);
  }
}

describe('index follower', () => {
  it('is not ready until it has read every page, then holds every product', async () => {
    const a = indexedDoc({ id: 'a', name: 'Anchor bolt' });
    const b = indexedDoc({ id: 'b', name: 'Ball valve' });
    const { source, state } = scriptedFeed({
      '': { items: [{ key: 'a', entry: a }], watermark: 'w1', hasMore: true },
      w1: { items: [{ key: 'b', entry: b }], watermark: 'w2', hasMore: false },
    });
    state.down = true;
    const engine = new MiniSearchEngine();
    const follower = startIndexFollower({
      source,
      engine,
      availability: joinFor(engine),
      intervalMs: 60_000,
    });
    try {
      expect(await follower.refresh()).toBe(false);
      expect(follower.status()).toMatchObject({
        ready: false,
        fresh: false,
        consecutiveFailures: expect.any(Number),
      });
      state.down = false;
      expect(await follower.refresh()).toBe(true);
      expect(follower.status()).toMatchObject({ ready: true, fresh: true, products: 2 });
      // Down again after catching up: still ready (the index is only older), no longer fresh.
      state.down = true;
      await follower.refresh();
      expect(follower.status()).toMatchObject({ ready: true, fresh: false, products: 2 });
    } finally {
      follower.stop();
    }
  });

  it('skips entries it already holds at that version, applies newer ones and removals', async () => {
    const v1 = indexedDoc({ id: 'p', name: 'Gear pump', version: 1 });
    const pages: Record<string, Page> = {
      '': { items: [{ key: 'p', entry: v1 }], watermark: 'w1', hasMore: false },
    };
    const { source } = scriptedFeed(pages);
    const engine = new CountingEngine();
    const follower = startIndexFollower({
      source,
      engine,
      availability: joinFor(engine),
      intervalMs: 60_000,
    });
    try {
      await follower.refresh();
      // The overlap window hands the same entry again: no work.
      pages['w1'] = { items: [{ key: 'p', entry: v1 }], watermark: 'w1', hasMore: false };
      await follower.refresh();
      await follower.refresh();
      expect(engine.upserts).toBe(1);
      // A new version replaces it.
      pages['w1'] = {
        items: [{ key: 'p', entry: { ...v1, name: 'Vane pump', version: 2 } }],
        watermark: 'w2',
        hasMore: false,
      };
      await follower.refresh();
      expect(engine.upserts).toBe(2);
      const names = async (q: string) =>
        (
          await engine.search({ q, categories: [], brands: [], sort: 'relevance', offset: 0, limit: 5 })
        ).hits.map((h) => h.doc.name);
      expect(await names('pump')).toEqual(['Vane pump']);
      // A tombstone removes it.
      pages['w2'] = { items: [{ key: 'p', entry: null }], watermark: 'w3', hasMore: false };
      await follower.refresh();
      expect(await names('pump')).toEqual([]);
      expect(follower.status().products).toBe(0);
    } finally {
      follower.stop();
    }
  });

  it('skips a malformed entry and keeps the rest', async () => {
    const good = indexedDoc({ id: 'g', name: 'Good product' });
    const bad = {
      ...indexedDoc({ id: 'x' }),
      listPrice: { amount: 12.5, currency: 'EUR' },
    } as unknown as SearchDocument;
    const { source } = scriptedFeed({
      '': {
        items: [
          { key: 'x', entry: bad },
          { key: 'g', entry: good },
        ],
        watermark: 'w1',
        hasMore: false,
      },
    });
    const warnings: string[] = [];
    const engine = new MiniSearchEngine();
    const follower = startIndexFollower({
      source,
      engine,
      availability: joinFor(engine),
      intervalMs: 60_000,
      log: { warn: (_f, m) => warnings.push(m), info: () => {} },
    });
    try {
      await follower.refresh();
      expect(engine.size()).toBe(1);
      expect(warnings).toEqual(['search index: skipped malformed feed entries']);
    } finally {
      follower.stop();
    }
  });

  it('indexes each product with its sku status from the stock join, and the join keeps it current', async () => {
    const a = indexedDoc({ id: 'a', sku: 'ab-1', name: 'Anchor bolt' });
    const b = indexedDoc({ id: 'b', sku: 'BV-2', name: 'Ball valve' });
    const { source } = scriptedFeed({
      '': {
        items: [
          { key: 'a', entry: a },
          { key: 'b', entry: b },
        ],
        watermark: 'w1',
        hasMore: false,
      },
    });
    const engine = new CountingEngine();
    const join = joinFor(engine);
    // Known before the product arrives (the stock feed caught up first): indexed with it.
    await join.stockChanged('AB-1', 'low_stock');
    const follower = startIndexFollower({ source, engine, availability: join, intervalMs: 60_000 });
    const statusOf = async (id: string) =>
      (
        await engine.search({ q: '', categories: [], brands: [], sort: 'relevance', offset: 0, limit: 10 })
      ).hits.find((h) => h.doc.id === id)?.doc.availability;
    try {
      await follower.refresh();
      expect(await statusOf('a')).toBe('low_stock');
      // No stock entry: what the product service says of a sku without stock.
      expect(await statusOf('b')).toBe('out_of_stock');
      // Known after: written into the engine without re-indexing the text.
      const upserts = engine.upserts;
      await join.stockChanged('BV-2', 'in_stock');
      await join.stockChanged('AB-1', 'out_of_stock');
      expect(await statusOf('b')).toBe('in_stock');
      expect(await statusOf('a')).toBe('out_of_stock');
      // A repeated entry (the feed's overlap window) is no work at all.
      await join.stockChanged('BV-2', 'in_stock');
      expect(engine.upserts).toBe(upserts);
      const facets = await engine.search({
        q: '',
        categories: [],
        brands: [],
        availability: ['in_stock'],
        sort: 'relevance',
        offset: 0,
        limit: 10,
      });
      expect(facets.hits.map((h) => h.doc.id)).toEqual(['b']);
    } finally {
      follower.stop();
    }
  });
});
