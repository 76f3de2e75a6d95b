import type { InternalApi } from '@b2b/shared/internal';
import { type Static, Type } from 'typebox';
import { skuKeyOf } from '../domain/product-rules.ts';
import { Id, Money, Quantity, Sku } from './common.ts';
import { StockStatus } from './products.ts';

/** `GET /internal/feeds/stock`: the fact feed of stock per sku (@b2b/shared/feeds). */
export const STOCK_FEED = 'stock';

/** An entry of the stock feed; its key is `stockFeedKey(sku)`. */
export const StockFeedEntry = Type.Object(
  { sku: Type.String(), available: Type.Integer({ minimum: 0 }), status: StockStatus },
  { additionalProperties: false },
);
export type StockFeedEntry = Static<typeof StockFeedEntry>;

/** The stock feed's key of a sku (skus compare case-insensitively): readers join on it. */
export const stockFeedKey = (sku: string): string => skuKeyOf(sku);

export const PriceQuoteRequest = Type.Object(
  {
    /** The buying company (its price list applies); null or absent: list prices. */
    companyId: Type.Optional(Type.Union([Id, Type.Null()])),
    lines: Type.Array(Type.Object({ sku: Sku, quantity: Quantity }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 500,
    }),
  },
  { additionalProperties: false },
);

const LineProblem = Type.Union([
  Type.Literal('unknown_sku'),
  Type.Literal('below_minimum'),
  Type.Literal('not_multiple'),
  Type.Literal('insufficient_stock'),
]);

export const PriceQuote = Type.Object(
  {
    companyId: Type.Union([Type.String(), Type.Null()]),
    lines: Type.Array(
      Type.Object(
        {
          sku: Type.String(),
          quantity: Type.Integer(),
          productId: Type.Optional(Type.String()),
          name: Type.Optional(Type.String()),
          unitPrice: Type.Optional(Money),
          lineTotal: Type.Optional(Money),
          priceSource: Type.Optional(Type.Union([Type.Literal('price_list'), Type.Literal('product')])),
          minOrderQuantity: Type.Optional(Type.Integer()),
          orderMultiple: Type.Optional(Type.Integer()),
          available: Type.Integer({ minimum: 0 }),
          problems: Type.Array(LineProblem),
        },
        { additionalProperties: false },
      ),
    ),
    total: Type.Union([Money, Type.Null()]),
    orderable: Type.Boolean(),
  },
  { additionalProperties: false },
);

/**
 * The product service's internal API, for typed clients (`createInternalClient(productInternalApi,
 * ...)` in the order service): import it from `@b2b/product/internal-api`.
 */
export const productInternalApi = {
  quotePrices: { method: 'POST', path: '/internal/prices', body: PriceQuoteRequest, response: PriceQuote },
} as const satisfies InternalApi;
