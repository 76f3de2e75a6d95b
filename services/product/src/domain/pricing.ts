/**
 * Price resolution, the one rule used wherever a price is shown or charged (api.md): the caller's
 * company price-list entry for the sku (its tiers by quantity) when there is one, else the
 * product's own tiers, else its list price. Pure: callers load the product and the entry.
 */
import { fromStoredMoney } from '@b2b/shared/db';
import { type Money, multiply, roundToMinor } from '@b2b/shared/money';
import type { PriceListEntryDoc, ProductDoc, StoredTier } from './model.ts';

export interface PriceTier {
  minQuantity: number;
  price: Money;
}

/** What a buyer pays for a product at any quantity. */
export interface PriceSchedule {
  /** Below the smallest tier. */
  base: Money;
  /** Ascending by minQuantity. */
  tiers: PriceTier[];
  source: 'price_list' | 'product';
}

function tiersOf(stored: StoredTier[]): PriceTier[] {
  return stored
    .map((t) => ({ minQuantity: t.minQuantity, price: fromStoredMoney(t.price) }))
    .sort((a, b) => a.minQuantity - b.minQuantity);
}

/**
 * The schedule for one product. A price-list entry in another currency than the product's cannot
 * be charged alongside it and is ignored (price-list writes refuse such entries for known skus).
 */
export function priceSchedule(
  product: Pick<ProductDoc, 'listPrice' | 'priceTiers'>,
  entry?: Pick<PriceListEntryDoc, 'price' | 'tiers'> | null,
): PriceSchedule {
  if (entry && entry.price.currency === product.listPrice.currency) {
    return { base: fromStoredMoney(entry.price), tiers: tiersOf(entry.tiers), source: 'price_list' };
  }
  return { base: fromStoredMoney(product.listPrice), tiers: tiersOf(product.priceTiers), source: 'product' };
}

/** The unit price at `quantity`: the tier with the largest minQuantity not above it, else the base. */
export function unitPriceAt(schedule: PriceSchedule, quantity: number): Money {
  let price = schedule.base;
  for (const tier of schedule.tiers) {
    if (tier.minQuantity <= quantity) price = tier.price;
    else break;
  }
  return price;
}

/**
 * Unit price × quantity, rounded half-up to the currency's minor unit: unit prices may carry 4
 * decimals (0.0125 EUR), a line total is what an invoice shows.
 */
export function lineTotal(schedule: PriceSchedule, quantity: number): Money {
  return roundToMinor(multiply(unitPriceAt(schedule, quantity), quantity));
}

/** The price a list shows: what the smallest order a buyer may place costs per unit. */
export function displayPrice(schedule: PriceSchedule, minOrderQuantity: number): Money {
  return unitPriceAt(schedule, Math.max(1, minOrderQuantity));
}

export type QuantityViolation = 'below_minimum' | 'not_multiple';

/** Minimum order quantity and order multiple, as the cart and checkout enforce them. */
export function quantityViolations(
  product: Pick<ProductDoc, 'minOrderQuantity' | 'orderMultiple'>,
  quantity: number,
): QuantityViolation[] {
  const violations: QuantityViolation[] = [];
  if (quantity < product.minOrderQuantity) violations.push('below_minimum');
  if (quantity % product.orderMultiple !== 0) violations.push('not_multiple');
  return violations;
}
