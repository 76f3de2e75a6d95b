/**
 * The reader's side of a fact feed: a local copy (a keyed map) of what an owner publishes, kept
 * current by polling `GET /internal/feeds/<name>?after=<watermark>` every second or so, so every
 * task knows every fact without a network call per request. A new task catches up from zero
 * (page after page until `hasMore` is false) and only then reports `ready`. A failed poll keeps
 * the copy and the watermark, reports the reader degraded, and the next poll resumes from there.
 *
 *   const reader = startFeedReader({ url: config.serviceUrls.user, name: 'revocations', entrySchema });
 *   reader.get(key);  reader.status().ready;  app.addHook('onClose', () => reader.stop());
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { errorMessage } from '../errors.ts';
import { createServiceClient, type ServiceClient } from '../resilience/service-client.ts';
import { FeedItem, type FeedPageBody, type FeedSource } from './page.ts';

export interface FeedLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface FeedReaderOptions<S extends TSchema> {
  /** The feed's name: `GET <url>/internal/feeds/<name>`. */
  name: string;
  /** Every entry is checked against it; an entry that does not match is skipped (and logged). */
  entrySchema: S;
  /** The owner's base URL (e.g. `SERVICE_URL_USER`); polled through a service client and its breaker. */
  url?: string;
  /** An existing client of the owner instead of `url` (its breaker and timeouts). */
  client?: ServiceClient;
  /** Pages from somewhere else than HTTP, e.g. the owner's own `CollectionFeed.source`. */
  source?: FeedSource;
  /** Extra request headers per poll (e.g. a service credential). */
  headers?: () => Record<string, string>;
  /** Time between the end of one poll and the next (default 1 s). */
  intervalMs?: number;
  /** Per page request (default 2 s). */
  timeoutMs?: number;
  /**
   * Combines a known entry with a newer one for the same key (default: the newer one wins). An
   * entry written through locally may be newer than a page that was read before the write.
   */
  merge?: (current: Static<S>, incoming: Static<S>) => Static<S>;
  /**
   * Called for every entry a page applies, after the copy holds it (`null`: the key was removed),
   * for readers that keep a structure of their own in step (search's availability facet). A page
   * may repeat entries (the owner's overlap window): the callback sees those again.
   */
  onChange?: (key: string, entry: Static<S> | null) => void;
  log?: FeedLog;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

export interface FeedReaderStatus {
  /** Caught up with the owner at least once: the copy is complete as of then. */
  ready: boolean;
  /** Ready and the last poll succeeded. */
  fresh: boolean;
  entries: number;
  lastSuccessAt: number | null;
  consecutiveFailures: number;
}

export interface FeedReader<T> {
  readonly name: string;
  /** The live entry under `key`, if any. */
  get(key: string): T | undefined;
  /** Every live entry. */
  entries(): [string, T][];
  /**
   * Writes an entry into the local copy at once, before the feed brings it (the owner's own task
   * after its write, so it refuses a logged-out token immediately). `expiresAt` in ms.
   */
  put(key: string, entry: T, expiresAt?: number): void;
  /** One poll now: pages until caught up. Concurrent calls share the poll in flight. */
  refresh(): Promise<boolean>;
  status(): FeedReaderStatus;
  stop(): void;
}

interface Held<T> {
  entry: T;
  expiresAt: number | undefined;
}

/** A reader that never ends a poll: an owner answering `hasMore` for ever is a bug, not data. */
const MAX_PAGES_PER_POLL = 10_000;

export function startFeedReader<S extends TSchema>(options: FeedReaderOptions<S>): FeedReader<Static<S>> {
  type T = Static<S>;
  const intervalMs = options.intervalMs ?? 1_000;
  const now = options.now ?? Date.now;
  const owned = options.source || options.client ? undefined : ownClient(options);
  const source = options.source ?? httpSource(options.name, (options.client ?? owned)!, options.headers);
  const checkItem = Compile(FeedItem(options.entrySchema));
  const held = new Map<string, Held<T>>();
  let watermark: string | undefined;
  let ready = false;
  let lastSuccessAt: number | null = null;
  let consecutiveFailures = 0;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<boolean> | undefined;

  function store(key: string, entry: T, expiresAt: number | undefined): void {
    const current = held.get(key);
    const merged = current && options.merge ? options.merge(current.entry, entry) : entry;
    const later =
      current?.expiresAt !== undefined && expiresAt !== undefined
        ? Math.max(current.expiresAt, expiresAt)
        : expiresAt;
    held.set(key, { entry: merged, expiresAt: later });
  }

  function apply(page: FeedPageBody<unknown>): void {
    let skipped = 0;
    for (const item of page.items) {
      if (!checkItem.Check(item)) {
        skipped++;
        continue;
      }
      if (item.entry === null) held.delete(item.key);
      else store(item.key, item.entry as T, item.expiresAt);
      options.onChange?.(item.key, item.entry === null ? null : held.get(item.key)!.entry);
    }
    if (skipped > 0) options.log?.warn({ feed: options.name, skipped }, 'feed: skipped malformed entries');
  }

  function purgeExpired(): void {
    const nowMs = now();
    for (const [key, value] of held)
      if (value.expiresAt !== undefined && value.expiresAt <= nowMs) held.delete(key);
  }

  async function poll(): Promise<boolean> {
    try {
      for (let pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
        const page = await source(watermark);
        if (!page || !Array.isArray(page.items) || typeof page.watermark !== 'string') {
          throw new Error(`feed ${options.name} answered an unexpected shape`);
        }
        apply(page);
        watermark = page.watermark;
        if (page.hasMore !== true) break;
      }
      ready = true;
      lastSuccessAt = now();
      if (consecutiveFailures > 0)
        options.log?.info({ feed: options.name, after: consecutiveFailures }, 'feed reachable again');
      consecutiveFailures = 0;
      return true;
    } catch (err) {
      consecutiveFailures++;
      // The first failure and then every 30th, not one line a second for a whole outage.
      if (consecutiveFailures === 1 || consecutiveFailures % 30 === 0) {
        options.log?.warn(
          { feed: options.name, err: errorMessage(err), consecutiveFailures },
          'feed poll failed; keeping the local copy',
        );
      }
      return false;
    } finally {
      purgeExpired();
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
    // The poller must never be what keeps a finished process alive.
    timer.unref();
  }

  void refresh().then(schedule);

  const live = (value: Held<T> | undefined): value is Held<T> =>
    value !== undefined && (value.expiresAt === undefined || value.expiresAt > now());

  return {
    name: options.name,
    get(key) {
      const value = held.get(key);
      return live(value) ? value.entry : undefined;
    },
    entries() {
      return [...held].filter(([, value]) => live(value)).map(([key, value]) => [key, value.entry]);
    },
    put(key, entry, expiresAt) {
      store(key, entry, expiresAt);
    },
    refresh,
    status() {
      return {
        ready,
        fresh: ready && consecutiveFailures === 0,
        entries: held.size,
        lastSuccessAt,
        consecutiveFailures,
      };
    },
    stop() {
      running = false;
      clearTimeout(timer);
      // A client made here is this reader's alone: its breaker leaves the readiness report with it.
      owned?.breaker.shutdown();
    },
  };
}

function ownClient<S extends TSchema>(options: FeedReaderOptions<S>): ServiceClient {
  if (!options.url) throw new Error(`feed reader ${options.name} needs url, client or source`);
  return createServiceClient({
    name: `feed-${options.name}`,
    baseUrl: options.url,
    timeoutMs: options.timeoutMs ?? 2_000,
    // The next poll is the retry: a poller that retries inside a poll only piles up calls.
    retry: { retries: 0 },
  });
}

/** Pages from the owner over HTTP, through the client's breaker. */
function httpSource(
  name: string,
  client: ServiceClient,
  headers: (() => Record<string, string>) | undefined,
): FeedSource {
  const path = `/internal/feeds/${encodeURIComponent(name)}`;
  return (after) =>
    client.get<FeedPageBody<unknown>>(path, {
      ...(after === undefined ? {} : { query: { after } }),
      ...(headers ? { headers: headers() } : {}),
    });
}
