/**
 * Public catalog answers (`GET /products`, `GET /products/:idOrSku`) kept for a moment as the JSON
 * text the route sends. A busy catalog answers the same few pages to many buyers; without this
 * each request reads the products, the company, its price-list entries and the stock, decodes
 * them and serializes the page (≈ 3.6 ms of CPU per list page at 50,000 products).
 *
 * The key is everything an answer depends on: the request's path and query string as sent, and
 * the viewer — the company (whose price list, looked up per computed answer, sets the prices) and
 * whether it sees only active products. Admins are never served from here: what they manage
 * shows to them as it is.
 *
 * How stale an answer can be: writes through this instance's routes (admin product, price-list,
 * category, stock, image and import routes) drop every answer before and after they run, so they
 * show at once. Anything else — another instance's writes, `company.updated` (a price-list
 * assignment), reservations and shipments from order events, the reservation expiry job — shows
 * within `ttlMs` (2 s by default) after it committed: stock figures and prices may be that old.
 */

import { ShortLivedCache } from '@b2b/shared/cache';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../domain/viewer.ts';

/** Short enough that an assignment arriving by event (≈ 1 s locally) still shows within api.md's 5 s. */
export const DEFAULT_ANSWER_TTL_MS = 2000;
/** Kept answers at most, each at most MAX_KEPT_ANSWER_CHARS: ≤ 32 MB in all. */
export const MAX_CACHED_ANSWERS = 500;
/**
 * A list page of 20 is ≈ 30 KB, a product page ≈ 1.5 KB; bigger answers (100-item pages, `?ids=`
 * batches of up to 100) are computed every time rather than let a few of them fill the memory.
 */
export const MAX_KEPT_ANSWER_CHARS = 64 * 1024;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that changes nothing (a price quote): it keeps the cached catalog answers. */
    readsOnly?: boolean;
  }
}

export class CatalogAnswers {
  private readonly cache: ShortLivedCache<string>;

  constructor(ttlMs = DEFAULT_ANSWER_TTL_MS, maxEntries = MAX_CACHED_ANSWERS, now?: () => number) {
    this.cache = new ShortLivedCache<string>(ttlMs, maxEntries, now);
  }

  /**
   * The route's answer: from the cache for buyers and anonymous callers, else computed, serialized
   * by the route's response schema (as a returned object would be) and kept.
   */
  async answer(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    compute: () => Promise<unknown>,
  ): Promise<void> {
    if (viewer.isAdmin) {
      reply.send(await compute());
      return;
    }
    const key = `${viewer.companyId ?? '-'} ${request.url}`;
    // The route's JSON serializer (its response schema) makes a string.
    const body = await this.cache.get(key, async () => reply.serialize(await compute()) as string);
    if (body.length > MAX_KEPT_ANSWER_CHARS) this.cache.forget(key);
    // A string with a JSON content type is sent as it is (already serialized).
    reply.type('application/json; charset=utf-8').send(body);
  }

  /** Drops every answer (a write through this instance). */
  clear(): void {
    this.cache.clear();
  }

  /**
   * Drops the answers around every write request of `app`: when it starts, and again once its
   * work committed, before its response goes out (`onSend`), so an answer computed while it ran
   * is not served to a caller who saw the write's response.
   */
  clearAroundWrites(app: FastifyInstance): void {
    const isWrite = (request: FastifyRequest) =>
      request.method !== 'GET' && request.method !== 'HEAD' && !request.routeOptions.config.readsOnly;
    app.addHook('onRequest', async (request) => {
      if (isWrite(request)) this.clear();
    });
    app.addHook('onSend', async (request) => {
      if (isWrite(request)) this.clear();
    });
  }
}
