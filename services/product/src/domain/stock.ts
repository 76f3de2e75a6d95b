import type { InventoryDoc } from './model.ts';

export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock';

/** `onHand − reserved`, never below zero (conditional updates keep it so; this guards reads). */
export function availableOf(stock: Pick<InventoryDoc, 'onHand' | 'reserved'> | undefined): number {
  return stock ? Math.max(0, stock.onHand - stock.reserved) : 0;
}

/** Low stock means fewer units available than the threshold, but some. */
export function stockStatus(
  stock: Pick<InventoryDoc, 'onHand' | 'reserved' | 'lowStockThreshold'> | undefined,
): StockStatus {
  const available = availableOf(stock);
  if (available === 0) return 'out_of_stock';
  return available < (stock?.lowStockThreshold ?? 0) ? 'low_stock' : 'in_stock';
}

/** Whether a change of availability from `before` to `after` went below the threshold (the alert moment). */
export function crossedBelowThreshold(before: number, after: number, threshold: number): boolean {
  return before >= threshold && after < threshold;
}
