/**
 * The owner's side of a fact feed, declared over one collection whose documents carry a string
 * `_id` (the entry's key) and a write time (`updatedAt` by default), set on every insert or
 * update of the document.
 *
 * Why the overlap: a write's time is taken before it commits, so a document stamped 10:00:00.100
 * can become visible after one stamped 10:00:00.200 was already served. A reader that simply
 * continued after the last position it saw would skip it for ever. So a page that ends the
 * catch-up ("no more") never hands out a watermark later than `now - overlapMs`: the next poll
 * re-reads that window and the reader deduplicates by key. An entry is missed only when its write
 * took longer than `overlapMs` to commit (plus the clock skew between the owner's tasks) — the
 * default 5 s is far above both. Pages in the middle of a catch-up continue exactly after their
 * last item, so a large feed is read in bounded pages without looping.
 */
import type { Collection, Document, Filter } from 'mongodb';
import type { FeedItemBody, FeedPageBody, FeedSource } from './page.ts';
import { comparePositions, decodeWatermark, encodeWatermark, type FeedPosition } from './watermark.ts';

export interface CollectionFeedOptions<D extends Document & { _id: string }, T> {
  /** Path segment of `GET /internal/feeds/<name>`. */
  name: string;
  collection: Collection<D>;
  /** Document → entry; `null` publishes the key's removal (a tombstone document). */
  toEntry: (doc: D) => T | null;
  /** Date field stamped on every write (default `updatedAt`). */
  timeField?: string;
  /**
   * Date field after which an entry is dead (default none). Expired documents are not served and
   * readers forget them at that time by themselves; a TTL index can delete them.
   */
  expiresAtField?: string;
  /**
   * Fields `toEntry` does not need, left out of the read (an exclusion projection such as
   * `{ holds: 0 }`): documents that carry bookkeeping much larger than their entry.
   */
  exclude?: readonly string[];
  /** Entries per page (default 500). */
  pageSize?: number;
  /** Re-read window for writes that commit late (default 5 s). */
  overlapMs?: number;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

export interface CollectionFeed<T> {
  readonly name: string;
  /** One page of entries written after `after` (from the start without it). */
  readPage(after: string | undefined): Promise<FeedPageBody<T>>;
  /** The page order's index; call it with the owner's other indexes. */
  ensureIndex(): Promise<void>;
  /** The feed as a reader's source, without HTTP (the owner keeping a copy of its own feed). */
  readonly source: FeedSource;
}

export const DEFAULT_FEED_PAGE_SIZE = 500;
export const DEFAULT_FEED_OVERLAP_MS = 5_000;

export function defineCollectionFeed<D extends Document & { _id: string }, T>(
  options: CollectionFeedOptions<D, T>,
): CollectionFeed<T> {
  const timeField = options.timeField ?? 'updatedAt';
  const { expiresAtField } = options;
  const pageSize = options.pageSize ?? DEFAULT_FEED_PAGE_SIZE;
  const overlapMs = options.overlapMs ?? DEFAULT_FEED_OVERLAP_MS;
  const now = options.now ?? Date.now;
  // Typed loosely inside: the filters below name fields by the options' strings.
  const collection = options.collection as unknown as Collection<{ _id: string }>;
  const projection = options.exclude?.length
    ? Object.fromEntries(options.exclude.map((name) => [name, 0]))
    : undefined;

  const positionOf = (doc: Document): FeedPosition => ({
    ms: (doc[timeField] as Date).getTime(),
    id: doc['_id'] as string,
  });
  const field = (doc: { _id: string }, name: string): unknown => (doc as Document)[name];

  async function readPage(after: string | undefined): Promise<FeedPageBody<T>> {
    const from = after === undefined ? undefined : decodeWatermark(after);
    const nowMs = now();
    // A range on the time field also leaves out documents without one (they have no position).
    const conditions: Filter<{ _id: string }>[] = [{ [timeField]: { $gte: new Date(0) } }];
    if (expiresAtField) conditions.push({ [expiresAtField]: { $gt: new Date(nowMs) } });
    if (from) {
      const at = new Date(from.ms);
      conditions.push({ $or: [{ [timeField]: { $gt: at } }, { [timeField]: at, _id: { $gt: from.id } }] });
    }
    // One more than a page tells whether more follow without a count.
    const docs = await collection
      .find({ $and: conditions }, projection ? { projection } : {})
      .sort({ [timeField]: 1, _id: 1 })
      .limit(pageSize + 1)
      .toArray();
    const hasMore = docs.length > pageSize;
    const page = hasMore ? docs.slice(0, pageSize) : docs;
    const items = page.map((doc): FeedItemBody<T> => {
      const expiresAt = expiresAtField ? field(doc, expiresAtField) : undefined;
      return {
        key: doc._id,
        entry: options.toEntry(doc as unknown as D),
        ...(expiresAt instanceof Date ? { expiresAt: expiresAt.getTime() } : {}),
      };
    });
    const last = page.length > 0 ? positionOf(page.at(-1)!) : from;
    let next: FeedPosition;
    if (hasMore) next = last!;
    else {
      // The end of the catch-up: never past the settled horizon (see the module comment).
      const horizon: FeedPosition = { ms: Math.max(0, nowMs - overlapMs), id: '' };
      next = last && comparePositions(last, horizon) < 0 ? last : horizon;
    }
    return { items, watermark: encodeWatermark(next), hasMore };
  }

  return {
    name: options.name,
    readPage,
    source: readPage,
    async ensureIndex() {
      await collection.createIndex({ [timeField]: 1, _id: 1 }, { name: `feed_${options.name}` });
    },
  };
}
