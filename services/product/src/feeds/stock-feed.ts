/**
 * The `stock` fact feed (`GET /internal/feeds/stock`): availability and stock status per sku,
 * for every task of a service that must know them all (search's availability facet). Every write
 * of a stock document stamps `updatedAt` (reservations, releases, shipments, admin counts,
 * imports), so a change reaches the readers with their next poll — no batch re-read.
 */
import { type CollectionFeed, defineCollectionFeed } from '@b2b/shared/feeds';
import type { InventoryDoc } from '../domain/model.ts';
import { availableOf, stockStatus } from '../domain/stock.ts';
import type { InventoryRepository } from '../repositories/inventory.ts';
import { STOCK_FEED, type StockFeedEntry } from '../schemas/internal.ts';

export function defineStockFeed(inventory: InventoryRepository): CollectionFeed<StockFeedEntry> {
  return defineCollectionFeed<InventoryDoc, StockFeedEntry>({
    name: STOCK_FEED,
    collection: inventory.collection,
    // Keyed by the sku key (`stockFeedKey`); the holds of open orders are not the readers' business.
    exclude: ['holds'],
    toEntry: (doc) => ({ sku: doc.sku, available: availableOf(doc), status: stockStatus(doc) }),
  });
}
