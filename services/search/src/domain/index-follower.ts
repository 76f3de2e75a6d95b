/**
 * Keeps this task's engine equal to the index state: reads the `search-index` feed from the
 * service's own collection (every task, whichever received the event), applies what changed and
 * reports readiness once it has caught up. A feed page may repeat entries (its overlap window):
 * an entry the engine already holds at that version is skipped, so a quiet poll costs nothing.
 * Each product is indexed with its sku's current stock status from the availability join, which
 * then keeps it current.
 */

import { errorMessage } from '@b2b/shared/errors';
import type { FeedSource } from '@b2b/shared/feeds';
import type { Readiness } from '@b2b/shared/http';
import { Compile } from 'typebox/compile';
import type { SearchEngine } from '../engine/port.ts';
import { type IndexedDocument, SearchDocumentEntry } from '../schemas/index-feed.ts';
import type { AvailabilityJoin } from './availability.ts';

/** A catch-up longer than this many pages in one poll is a feed bug, not data. */
const MAX_PAGES_PER_POLL = 10_000;

const checkEntry = Compile(SearchDocumentEntry);

export interface IndexFollowerStatus {
  /** Caught up with the feed at least once: the engine holds every product as of then. */
  ready: boolean;
  /** Ready and the last poll succeeded. */
  fresh: boolean;
  products: number;
  consecutiveFailures: number;
}

export interface IndexFollower {
  /** Polls now, page after page until caught up; concurrent calls share the poll in flight. */
  refresh(): Promise<boolean>;
  status(): IndexFollowerStatus;
  stop(): void;
}

export interface IndexFollowerLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export function startIndexFollower(options: {
  source: FeedSource;
  engine: SearchEngine;
  availability: AvailabilityJoin;
  /** Between the end of one poll and the next (default 1 s). */
  intervalMs?: number;
  log?: IndexFollowerLog;
}): IndexFollower {
  const { source, engine, availability, log } = options;
  const intervalMs = options.intervalMs ?? 1_000;
  const versions = new Map<string, number>();
  let watermark: string | undefined;
  let ready = false;
  let failures = 0;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<boolean> | undefined;

  async function applyPage(items: { key: string; entry: unknown }[]): Promise<void> {
    let skipped = 0;
    for (const { key, entry } of items) {
      if (entry === null) {
        if (versions.delete(key)) {
          await engine.remove(key);
          availability.productRemoved(key);
        }
      } else if (!checkEntry.Check(entry)) {
        skipped++;
      } else if (versions.get(key) !== entry.version) {
        const doc = entry as IndexedDocument;
        availability.productIndexed(doc.id, doc.sku);
        await engine.upsert({ ...doc, availability: availability.statusOf(doc.sku) });
        versions.set(key, doc.version);
      }
    }
    if (skipped > 0) log?.warn({ skipped }, 'search index: skipped malformed feed entries');
  }

  async function poll(): Promise<boolean> {
    try {
      for (let pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
        const page = await source(watermark);
        await applyPage(page.items);
        watermark = page.watermark;
        if (!page.hasMore) break;
        // Let requests in between the pages of a long catch-up.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!ready) log?.info({ products: engine.size() }, 'search index caught up');
      ready = true;
      failures = 0;
      return true;
    } catch (err) {
      failures++;
      if (failures === 1 || failures % 30 === 0) {
        log?.warn(
          { err: errorMessage(err), consecutiveFailures: failures },
          'search index poll failed; serving the index as it is',
        );
      }
      return false;
    }
  }

  function refresh(): Promise<boolean> {
    inFlight ??= poll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(async () => {
      await refresh();
      schedule();
    }, intervalMs);
    timer.unref();
  }

  void refresh().then(schedule);

  return {
    refresh,
    status: () => ({
      ready,
      fresh: ready && failures === 0,
      products: engine.size(),
      consecutiveFailures: failures,
    }),
    stop() {
      running = false;
      clearTimeout(timer);
    },
  };
}

/**
 * Not ready until the index caught up once (an incomplete index would answer wrong results);
 * after that a failing poll only makes it older, so it degrades without leaving the load balancer.
 */
export function registerIndexReadiness(readiness: Readiness, follower: IndexFollower): void {
  readiness.register('search-index', () => {
    if (!follower.status().ready) throw new Error('the search index has not caught up with its feed yet');
  });
  readiness.register(
    'search-index-fresh',
    () => {
      const { ready, fresh, consecutiveFailures } = follower.status();
      if (!ready) throw new Error('the search index is still catching up');
      if (!fresh) throw new Error(`the last ${consecutiveFailures} polls of the search index failed`);
    },
    { critical: false },
  );
}
