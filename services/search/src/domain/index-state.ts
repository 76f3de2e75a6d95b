/**
 * The index state: product events → one search document per product, "apply if newer" by the
 * snapshot's version, so duplicates and out-of-order deliveries leave the newest state. Only
 * active products are findable; a draft or archived one keeps a tombstone with its version.
 */
import type { EventPayloads } from '@b2b/shared/catalogue';
import type { ClientSession, Db } from 'mongodb';
import { type ApplyOutcome, IndexedProductRepository } from '../repositories/indexed-products.ts';
import type { IndexedDocument } from '../schemas/index-feed.ts';

export type ProductSnapshot = EventPayloads['product.updated'];
export type ProductEventType = 'product.created' | 'product.updated' | 'product.archived';

export interface IndexStateContext {
  repos: { indexedProducts: IndexedProductRepository };
  now: () => Date;
}

/** The context of the event consumers (main.ts) and the tests. */
export function createIndexStateContext(db: Db, now: () => Date = () => new Date()): IndexStateContext {
  return { repos: { indexedProducts: new IndexedProductRepository(db) }, now };
}

export function applyProductEvent(
  ctx: IndexStateContext,
  type: ProductEventType,
  snapshot: ProductSnapshot,
  session: ClientSession,
): Promise<ApplyOutcome> {
  const findable = type !== 'product.archived' && snapshot.status === 'active';
  return ctx.repos.indexedProducts.applyIfNewer(
    snapshot.productId,
    snapshot.version,
    (firstSeen) => (findable ? toIndexedDocument(snapshot, firstSeen) : null),
    ctx.now(),
    session,
  );
}

/**
 * The snapshot as the engine indexes it: what is searched, filtered, faceted and shown — all but
 * the stock status, which every task joins from the stock feed.
 */
export function toIndexedDocument(p: ProductSnapshot, firstSeen: Date): IndexedDocument {
  const createdAt = (p as { createdAt?: string }).createdAt ?? firstSeen.toISOString();
  return {
    id: p.productId,
    sku: p.sku,
    name: p.name,
    slug: p.slug,
    description: p.description,
    brand: p.brand ?? '',
    categoryIds: p.categoryIds,
    attributes: p.attributes,
    images: p.images.map((i) => ({ url: i.url, alt: i.alt ?? '' })),
    listPrice: p.listPrice,
    minOrderQuantity: p.minOrderQuantity,
    orderMultiple: p.orderMultiple,
    createdAt,
    version: p.version,
  };
}
