/**
 * What the search service asks the product service: company prices for the page shown
 * (`POST /internal/prices`, with the platform credential), the category tree (`GET /categories`)
 * and stock status (`GET /products?ids=`), both public. One breaker for the page's quote, another
 * for the background reads, so a slow quote does not stop them and they do not open its breaker.
 */
import type { MoneyJson } from '@b2b/shared/catalogue';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { createServiceClient } from '@b2b/shared/resilience';
import { type CategoryNode, flattenCategoryTree } from '../domain/category-refresh.ts';
import type { PriceQuoter } from '../domain/search.ts';
import type { StockSource } from '../domain/stock-sync.ts';
import type { Availability, CategoryLabel } from '../engine/port.ts';

export interface ProductCatalog extends PriceQuoter, StockSource {
  categories(): Promise<CategoryLabel[]>;
}

interface ProductPage {
  items: { id: string; stock: { status: Availability } }[];
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
  // Categories and stock are background reads: their own breaker, retries allowed (GETs).
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
    async stock(productIds) {
      // The public batch read: only active products come back, each with its stock status.
      const page = await catalog.get<ProductPage>('/products', { query: { ids: productIds.join(',') } });
      return new Map(page.items.map((p) => [p.id, p.stock.status]));
    },
  };
}
