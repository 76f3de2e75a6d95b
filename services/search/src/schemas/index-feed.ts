/**
 * An entry of the `search-index` feed: one product's search document as product events make it.
 * Tasks check every entry they read against it, and `GET /internal/feeds/search-index` answers
 * exactly these fields. Stock status is not in it: each task joins it from the product service's
 * stock feed (domain/availability.ts).
 */
import { Money } from '@b2b/shared/http';
import { type Static, Type } from 'typebox';

export const SearchDocumentEntry = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    sku: Type.String({ minLength: 1 }),
    name: Type.String(),
    slug: Type.String(),
    description: Type.String(),
    brand: Type.String(),
    categoryIds: Type.Array(Type.String()),
    attributes: Type.Record(Type.String(), Type.String()),
    images: Type.Array(
      Type.Object({ url: Type.String(), alt: Type.String() }, { additionalProperties: false }),
    ),
    listPrice: Money,
    minOrderQuantity: Type.Integer({ minimum: 1 }),
    orderMultiple: Type.Integer({ minimum: 1 }),
    createdAt: Type.String(),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

/** What the index state holds per findable product: a search document without its stock status. */
export type IndexedDocument = Static<typeof SearchDocumentEntry>;
