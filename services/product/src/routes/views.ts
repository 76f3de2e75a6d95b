/**
 * Documents → response bodies. Each view names the fields that leave the service; the route's
 * response schema enforces the same list (image store keys, sku keys never leak).
 */
import { storedMoneyToJson } from '@b2b/shared/db';
import { toJson } from '@b2b/shared/money';
import type { Static } from 'typebox';
import type { CategoryNode } from '../domain/categories.ts';
import type {
  CategoryDoc,
  InventoryDoc,
  PriceListDoc,
  PriceListEntryDoc,
  ProductImage,
} from '../domain/model.ts';
import { displayPrice } from '../domain/pricing.ts';
import type { PricedProduct } from '../domain/products.ts';
import { availableOf, stockStatus } from '../domain/stock.ts';
import type { Category } from '../schemas/categories.ts';
import type { Inventory } from '../schemas/inventory.ts';
import type { PriceList, PriceListSummary } from '../schemas/price-lists.ts';
import type { Product } from '../schemas/products.ts';

export function imageView(image: Omit<ProductImage, 'key'>) {
  return { id: image.id, url: image.url, thumbnailUrl: image.thumbnailUrl, alt: image.alt };
}

export function productView({ product: p, schedule, stock }: PricedProduct): Static<typeof Product> {
  return {
    id: p._id,
    sku: p.sku,
    name: p.name,
    slug: p.slug,
    description: p.description,
    brand: p.brand,
    categoryIds: p.categoryIds,
    attributes: p.attributes,
    images: p.images.map(imageView),
    listPrice: storedMoneyToJson(p.listPrice),
    price: toJson(displayPrice(schedule, p.minOrderQuantity)),
    priceTiers: schedule.tiers.map((t) => ({ minQuantity: t.minQuantity, price: toJson(t.price) })),
    minOrderQuantity: p.minOrderQuantity,
    orderMultiple: p.orderMultiple,
    stock: { available: availableOf(stock), status: stockStatus(stock) },
    status: p.status,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function categoryView(c: CategoryDoc): Static<typeof Category> {
  return { id: c._id, name: c.name, slug: c.slug, parentId: c.parentId };
}

export interface CategoryTreeBody {
  id: string;
  name: string;
  slug: string;
  children: CategoryTreeBody[];
}

export function categoryTreeView(nodes: CategoryNode[]): CategoryTreeBody[] {
  return nodes.map((n) => ({
    id: n.category._id,
    name: n.category.name,
    slug: n.category.slug,
    children: categoryTreeView(n.children),
  }));
}

export function priceListSummaryView(list: PriceListDoc): Static<typeof PriceListSummary> {
  return {
    id: list._id,
    name: list.name,
    currency: list.currency,
    version: list.version,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  };
}

export function priceListView(list: PriceListDoc, entries: PriceListEntryDoc[]): Static<typeof PriceList> {
  return {
    ...priceListSummaryView(list),
    entries: entries.map((e) => ({
      sku: e.sku,
      price: storedMoneyToJson(e.price),
      tiers: e.tiers.map((t) => ({ minQuantity: t.minQuantity, price: storedMoneyToJson(t.price) })),
    })),
  };
}

export function inventoryView(stock: InventoryDoc): Static<typeof Inventory> {
  return {
    sku: stock.sku,
    onHand: stock.onHand,
    reserved: stock.reserved,
    available: availableOf(stock),
    lowStockThreshold: stock.lowStockThreshold,
  };
}
