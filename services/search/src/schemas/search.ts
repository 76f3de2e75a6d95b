/**
 * Request and response schemas of the public search routes (api.md "Search"). The response
 * schemas decide what leaves the service: a product summary, its score and prices, nothing else.
 */
import { DecimalString, Money } from '@b2b/shared/http';
import { Type } from 'typebox';

export { problemResponses } from '@b2b/shared/http';

/** Longest query text accepted: longer is not a search, it is a paste (or an attack). */
export const MAX_QUERY_LENGTH = 200;
/** Filter values per parameter (`?brand=a&brand=b`). */
const MAX_FILTER_VALUES = 20;

const QueryText = Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'free text; typo-tolerant' });
/** Category ids or slugs: opaque, but bounded to a safe alphabet. */
const CategoryRef = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
/** A brand as shown in the brand facet (any text; matched case- and accent-insensitively). */
const BrandName = Type.String({ minLength: 1, maxLength: 100 });
const AvailabilityValue = Type.Union([
  Type.Literal('in_stock'),
  Type.Literal('low_stock'),
  Type.Literal('out_of_stock'),
]);

export const SearchQuerystring = Type.Object(
  {
    q: Type.Optional(QueryText),
    category: Type.Optional(
      Type.Array(CategoryRef, {
        maxItems: MAX_FILTER_VALUES,
        description: 'category id or slug; repeat for several (any of them); includes sub-categories',
      }),
    ),
    brand: Type.Optional(
      Type.Array(BrandName, { maxItems: MAX_FILTER_VALUES, description: 'repeat for several (any of them)' }),
    ),
    minPrice: Type.Optional({ ...DecimalString, description: 'lowest list price, inclusive, e.g. "10.00"' }),
    maxPrice: Type.Optional({ ...DecimalString, description: 'highest list price, inclusive' }),
    inStock: Type.Optional(
      Type.Boolean({ description: 'only products that can be ordered now (in or low stock)' }),
    ),
    availability: Type.Optional(Type.Array(AvailabilityValue, { maxItems: 3 })),
    page: Type.Integer({ minimum: 1, maximum: 500, default: 1 }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    sort: Type.Union(
      [Type.Literal('relevance'), Type.Literal('price'), Type.Literal('-price'), Type.Literal('newest')],
      { default: 'relevance' },
    ),
  },
  { additionalProperties: false },
);

const Image = Type.Object({ url: Type.String(), alt: Type.String() }, { additionalProperties: false });

export const PriceSource = Type.Union([Type.Literal('company'), Type.Literal('list')], {
  description:
    "'company': the caller's company price; 'list': the product's own (anonymous, or quotes unavailable)",
});

export const SearchItem = Type.Object(
  {
    id: Type.String(),
    sku: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    description: Type.String(),
    brand: Type.String(),
    categoryIds: Type.Array(Type.String()),
    attributes: Type.Record(Type.String(), Type.String()),
    images: Type.Array(Image),
    listPrice: Money,
    price: Money,
    priceSource: PriceSource,
    minOrderQuantity: Type.Integer({ minimum: 1 }),
    orderMultiple: Type.Integer({ minimum: 1 }),
    availability: AvailabilityValue,
    score: Type.Number({ description: 'relevance (higher is better); 0 when browsing without text' }),
    exactMatch: Type.Boolean({ description: 'the query is this product’s sku or part number' }),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });

export const Facets = Type.Object(
  {
    category: Type.Array(
      Type.Object(
        { value: Type.String(), label: Type.String(), count: Count },
        { additionalProperties: false },
      ),
    ),
    brand: Type.Array(Type.Object({ value: Type.String(), count: Count }, { additionalProperties: false })),
    price: Type.Array(
      Type.Object(
        { from: DecimalString, to: Type.Optional(DecimalString), count: Count },
        { additionalProperties: false, description: 'list prices in [from, to); the top bucket has no `to`' },
      ),
    ),
    availability: Type.Array(
      Type.Object({ value: AvailabilityValue, count: Count }, { additionalProperties: false }),
    ),
  },
  {
    additionalProperties: false,
    description: 'each facet is counted with every filter applied except its own (disjunctive)',
  },
);

export const SearchResponse = Type.Object(
  {
    items: Type.Array(SearchItem),
    total: Count,
    page: Type.Integer({ minimum: 1 }),
    limit: Type.Integer({ minimum: 1 }),
    facets: Facets,
    /** True when company prices were asked for but could not be quoted: list prices are shown. */
    pricesStale: Type.Boolean(),
    tookMs: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const SuggestQuerystring = Type.Object(
  {
    q: Type.String({ minLength: 2, maxLength: MAX_QUERY_LENGTH, pattern: '\\S' }),
    limit: Type.Integer({ minimum: 1, maximum: 20, default: 10 }),
  },
  { additionalProperties: false },
);

export const SuggestResponse = Type.Object(
  {
    suggestions: Type.Array(
      Type.Object(
        {
          text: Type.String(),
          kind: Type.Union([Type.Literal('product'), Type.Literal('brand'), Type.Literal('category')]),
          productId: Type.Optional(Type.String()),
          sku: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
