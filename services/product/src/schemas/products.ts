import { cursorPaginationProperties } from '@b2b/shared/http';
import { type TSchema, Type } from 'typebox';
import { productSorts } from '../repositories/products.ts';
import {
  Id,
  IdOrSku,
  Money,
  paginationProperties,
  Quantity,
  Sku,
  Slug,
  Timestamp,
  VisibleText,
} from './common.ts';

export const ProductStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('active'),
  Type.Literal('archived'),
]);

export const PriceTier = Type.Object(
  { minQuantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }), price: Money },
  { additionalProperties: false },
);

const Attributes = Type.Record(
  Type.String({ minLength: 1, maxLength: 60, pattern: '^[^$.]+$' }),
  Type.String({ maxLength: 200 }),
  { maxProperties: 50 },
);

/** Writable fields of a product (create body; every one optional in PATCH). */
const productFields = {
  name: VisibleText(200),
  slug: Slug,
  description: Type.String({ maxLength: 5000 }),
  brand: Type.String({ maxLength: 100 }),
  categoryIds: Type.Array(Id, { maxItems: 20, uniqueItems: true }),
  attributes: Attributes,
  listPrice: Money,
  priceTiers: Type.Array(PriceTier, { maxItems: 20 }),
  minOrderQuantity: Quantity,
  orderMultiple: Quantity,
};

export const ProductCreate = Type.Object(
  {
    sku: Sku,
    name: productFields.name,
    listPrice: productFields.listPrice,
    slug: Type.Optional(productFields.slug),
    description: Type.Optional(productFields.description),
    brand: Type.Optional(productFields.brand),
    categoryIds: Type.Optional(productFields.categoryIds),
    attributes: Type.Optional(productFields.attributes),
    priceTiers: Type.Optional(productFields.priceTiers),
    minOrderQuantity: Type.Optional(productFields.minOrderQuantity),
    orderMultiple: Type.Optional(productFields.orderMultiple),
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active')])),
  },
  { additionalProperties: false },
);

export const ProductPatch = Type.Object(
  {
    sku: Type.Optional(Sku),
    name: Type.Optional(productFields.name),
    listPrice: Type.Optional(productFields.listPrice),
    slug: Type.Optional(productFields.slug),
    description: Type.Optional(productFields.description),
    brand: Type.Optional(productFields.brand),
    categoryIds: Type.Optional(productFields.categoryIds),
    attributes: Type.Optional(productFields.attributes),
    priceTiers: Type.Optional(productFields.priceTiers),
    minOrderQuantity: Type.Optional(productFields.minOrderQuantity),
    orderMultiple: Type.Optional(productFields.orderMultiple),
    status: Type.Optional(ProductStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const StockStatus = Type.Union([
  Type.Literal('in_stock'),
  Type.Literal('low_stock'),
  Type.Literal('out_of_stock'),
]);

export const ProductImage = Type.Object(
  { id: Id, url: Type.String(), thumbnailUrl: Type.String(), alt: Type.String() },
  { additionalProperties: false },
);

/** A product as callers see it; `price` and `priceTiers` are the caller's (its company price list). */
export const Product = Type.Object(
  {
    id: Id,
    sku: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    description: Type.String(),
    brand: Type.String(),
    categoryIds: Type.Array(Type.String()),
    attributes: Type.Record(Type.String(), Type.String()),
    images: Type.Array(ProductImage),
    listPrice: Money,
    price: Money,
    priceTiers: Type.Array(PriceTier),
    minOrderQuantity: Type.Integer(),
    orderMultiple: Type.Integer(),
    stock: Type.Object(
      { available: Type.Integer({ minimum: 0 }), status: StockStatus },
      { additionalProperties: false },
    ),
    status: ProductStatus,
    version: Type.Integer({ minimum: 1 }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

export const MAX_BATCH_IDS = 100;

export const ProductListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** A category id or slug; products of its sub-categories are included. */
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9_-]+$' })),
    sort: Type.Optional(productSorts.schema),
    /** Batch read: up to 100 comma-separated ids or skus; other filters and paging do not apply. */
    ids: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 6600,
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*(,[A-Za-z0-9][A-Za-z0-9._-]*)*$',
      }),
    ),
    ...paginationProperties,
    /**
     * Keyset paging: the `nextCursor` of the previous answer (same sort and filters). Its cost
     * does not grow with the depth, unlike `page`; with a cursor, `page` is ignored.
     */
    cursor: cursorPaginationProperties.cursor,
  },
  { additionalProperties: false },
);

/** `GET /products`: api.md's `{items, total, page, limit}` plus the keyset cursor of the next page. */
export function ProductPage<T extends TSchema>(item: T) {
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({
        minimum: 0,
        description:
          'Products matching the filters. Counted at most once per 5 s per filter and instance: ' +
          'changes made through other instances can take up to 5 s to show in it.',
      }),
      page: Type.Integer({ minimum: 1 }),
      limit: Type.Integer({ minimum: 1 }),
      nextCursor: Type.Optional(
        Type.Union([Type.String(), Type.Null()], {
          description:
            'Pass as `cursor` for the next page; null on the last page. On the first page and on ' +
            'cursor pages (numbered pages after the first have none).',
        }),
      ),
    },
    { additionalProperties: false },
  );
}

export const IdOrSkuParams = Type.Object({ idOrSku: IdOrSku }, { additionalProperties: false });
