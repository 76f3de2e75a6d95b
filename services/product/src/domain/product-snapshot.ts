import type { EventPayloads } from '@b2b/shared/catalogue';
import { storedMoneyToJson } from '@b2b/shared/db';
import type { ProductDoc } from './model.ts';

/**
 * The full product as product.created / updated / archived carry it, with its `version`, so the
 * search index and the order service keep projections by "apply if newer".
 */
export function productSnapshot(p: ProductDoc): EventPayloads['product.updated'] {
  return {
    productId: p._id,
    sku: p.sku,
    name: p.name,
    slug: p.slug,
    description: p.description,
    brand: p.brand,
    categoryIds: p.categoryIds,
    attributes: p.attributes,
    images: p.images.map((i) => ({ id: i.id, url: i.url, alt: i.alt })),
    listPrice: storedMoneyToJson(p.listPrice),
    priceTiers: p.priceTiers.map((t) => ({ minQuantity: t.minQuantity, price: storedMoneyToJson(t.price) })),
    minOrderQuantity: p.minOrderQuantity,
    orderMultiple: p.orderMultiple,
    status: p.status,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}
