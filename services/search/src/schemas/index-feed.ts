/**
 * An entry of the `search-index` feed: one product's search document. Tasks check every entry
 * they read against it, and `GET /internal/feeds/search-index` answers exactly these fields.
 */
import { Money } from '@b2b/shared/http';
import { Type } from 'typebox';

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
    availability: Type.Union([
      Type.Literal('in_stock'),
      Type.Literal('low_stock'),
      Type.Literal('out_of_stock'),
    ]),
    createdAt: Type.String(),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
