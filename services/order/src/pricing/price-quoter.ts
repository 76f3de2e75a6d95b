/**
 * Prices for cart and order lines, from the product service (the order service charges exactly
 * what it quotes). Calls go through the typed internal client (breaker + retries); cart reads may
 * reuse a quote for a few seconds, checkout always asks afresh.
 */
import { createInternalClient, type InternalClient } from '@b2b/shared/internal';
import type { Static } from 'typebox';
import { type PriceQuote, productInternalApi } from './product-internal-api.ts';

export type Quote = Static<typeof PriceQuote>;
export type QuotedLine = Quote['lines'][number];

export interface QuoteRequestLine {
  sku: string;
  quantity: number;
}

export interface PriceQuoter {
  /** `fresh`: bypass the short cache (checkout). */
  quote(companyId: string, lines: QuoteRequestLine[], opts?: { fresh?: boolean }): Promise<Quote>;
}

export interface ProductPriceQuoterOptions {
  baseUrl: string;
  credential: string;
  timeoutMs?: number;
  /** How long a quote is reused for the same company and lines; 0 turns the cache off. */
  cacheMs: number;
  now?: () => number;
  /** Bounds the cache (oldest entries leave first). */
  maxEntries?: number;
}

export function createProductPriceQuoter(opts: ProductPriceQuoterOptions): PriceQuoter & {
  client: InternalClient<typeof productInternalApi>;
} {
  const client = createInternalClient(productInternalApi, {
    name: 'product',
    baseUrl: opts.baseUrl,
    credential: opts.credential,
    timeoutMs: opts.timeoutMs ?? 2_000,
  });
  return {
    client,
    ...cachedQuoter((companyId, lines) => client.call('quotePrices', { body: { companyId, lines } }), opts),
  };
}

/** A short cache in front of any quote source (exported for tests of the cache itself). */
export function cachedQuoter(
  source: (companyId: string, lines: QuoteRequestLine[]) => Promise<Quote>,
  opts: { cacheMs: number; now?: () => number; maxEntries?: number },
): PriceQuoter {
  const now = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 1_000;
  const cache = new Map<string, { quote: Quote; until: number }>();
  return {
    async quote(companyId, lines, { fresh = false } = {}) {
      const key = `${companyId}|${lines.map((l) => `${l.sku}*${l.quantity}`).join(',')}`;
      const hit = cache.get(key);
      if (!fresh && hit && hit.until > now()) return hit.quote;
      const quote = await source(companyId, lines);
      if (opts.cacheMs > 0) {
        cache.delete(key);
        cache.set(key, { quote, until: now() + opts.cacheMs });
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      }
      return quote;
    },
  };
}
