/**
 * Engine results → response bodies. Each view names the fields that leave the service; the route's
 * response schema enforces the same list.
 */
import type { Static } from 'typebox';
import type { PricedHit } from '../domain/search.ts';
import type { Suggestion } from '../engine/port.ts';
import type { SearchItem, SuggestResponse } from '../schemas/search.ts';

export function searchItemView(hit: PricedHit): Static<typeof SearchItem> {
  const { doc } = hit;
  return {
    id: doc.id,
    sku: doc.sku,
    name: doc.name,
    slug: doc.slug,
    description: doc.description,
    brand: doc.brand,
    categoryIds: doc.categoryIds,
    attributes: doc.attributes,
    images: doc.images,
    listPrice: doc.listPrice,
    price: hit.price,
    priceSource: hit.priceSource,
    minOrderQuantity: doc.minOrderQuantity,
    orderMultiple: doc.orderMultiple,
    availability: doc.availability,
    score: hit.score,
    exactMatch: hit.exactCode,
  };
}

export function suggestionView(s: Suggestion): Static<typeof SuggestResponse>['suggestions'][number] {
  return {
    text: s.text,
    kind: s.kind,
    ...(s.productId === undefined ? {} : { productId: s.productId }),
    ...(s.sku === undefined ? {} : { sku: s.sku }),
  };
}
