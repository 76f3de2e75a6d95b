/**
 * What the search service asks the product service: company prices for the page shown
 * (`POST /internal/prices`, with the platform credential) and the category tree (public
 * `GET /categories`). One breaker for the page's quote, another for the background read, so a
 * slow quote does not stop it and it does not open the quote's breaker. (Stock status comes from
 * the product service's stock feed: plugins/search-index.ts.)
 */
import type { MoneyJson } from '@b2b/shared/catalogue';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { createServiceClient } from '@b2b/shared/resilience';
import { type CategoryNode, flattenCategoryTree } from '../domain/category-refresh.ts';
import type { PriceQuoter } from '../domain/search.ts';
import type { CategoryLabel } from '../engine/port.ts';

export interface ProductCatalog extends PriceQuoter {
  categories(): Promise<CategoryLabel[]>;
}

interface QuoteAnswer {
  lines: { sku: string; unitPrice?: MoneyJson }[];
}

export function createProductCatalogClient(options: {
  baseUrl: string;
  credential: string | undefined;
  priceTimeoutMs: number;
}): ProductCatalog {
  const prices = createServiceClient({
    name: 'product-prices',
    baseUrl: options.baseUrl,
    timeoutMs: options.priceTimeoutMs,
    // A search page waits for the quote: one quick attempt, then list prices.
    retry: { retries: 0 },
    breaker: { volumeThreshold: 5, resetTimeoutMs: 5_000 },
  });
  // Categories are a background read: their own breaker, retries allowed (GETs).
  const catalog = createServiceClient({
    name: 'product-catalog',
    baseUrl: options.baseUrl,
    timeoutMs: 5_000,
  });
  return {
    async quote(companyId, items) {
      if (!options.credential) throw new Error('no service credential: company prices cannot be asked for');
      const answer = await prices.post<QuoteAnswer>(
        '/internal/prices',
        { companyId, lines: items },
        { headers: serviceCredentialHeaders(options.credential) },
      );
      const out = new Map<string, MoneyJson>();
      for (const line of answer.lines) if (line.unitPrice) out.set(line.sku, line.unitPrice);
      return out;
    },
    async categories() {
      return flattenCategoryTree(await catalog.get<CategoryNode[]>('/categories'));
    },
  };
}
