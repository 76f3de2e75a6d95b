import { ShortLivedCache } from '@b2b/shared/cache';

/**
 * List totals per filter, kept for a few seconds. A catalog list is read far more often than the
 * catalog changes, and even an index count (DocumentDB's COUNT_SCAN) walks every matching index
 * entry: 50,000 of them per request for "all active products". So each distinct filter is counted
 * at most once per `ttlMs`, concurrent requests share the count in flight, and writes through this
 * process drop every entry (its own changes show at once; another instance's within `ttlMs`).
 */
export class CountCache extends ShortLivedCache<number> {
  constructor(ttlMs = 5000, maxEntries = 256, now: () => number = Date.now) {
    super(ttlMs, maxEntries, now);
  }
}
