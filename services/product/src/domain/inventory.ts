/** Stock counts an admin sets, and the low-stock alert when availability drops below the threshold. */
import type { CatalogContext, Transaction } from './context.ts';
import { productErrors } from './errors.ts';
import type { InventoryDoc } from './model.ts';
import { skuKeyOf } from './product-rules.ts';
import { availableOf, crossedBelowThreshold } from './stock.ts';

export async function getInventory(ctx: CatalogContext, sku: string): Promise<InventoryDoc> {
  const stock = await ctx.repos.inventory.findBySkuKey(skuKeyOf(sku));
  if (!stock) throw productErrors.inventoryNotFound();
  return stock;
}

/** Stages inventory.low_stock when this change took availability below the threshold. */
export function stageLowStock(tx: Transaction, before: number, after: InventoryDoc): void {
  const available = availableOf(after);
  if (crossedBelowThreshold(before, available, after.lowStockThreshold)) {
    tx.stage('inventory.low_stock', { sku: after.sku, available, threshold: after.lowStockThreshold });
  }
}

/** PUT /admin/inventory/:sku. onHand below what is reserved → 409 (orders hold those units). */
export async function setInventory(
  ctx: CatalogContext,
  sku: string,
  changes: { onHand: number; lowStockThreshold?: number },
): Promise<InventoryDoc> {
  const skuKey = skuKeyOf(sku);
  return ctx.transaction(async (tx) => {
    const before = await ctx.repos.inventory.findBySkuKey(skuKey, tx.session);
    if (!before) throw productErrors.inventoryNotFound();
    const after = await ctx.repos.inventory.setOnHand(skuKey, changes, ctx.now(), tx.session);
    if (!after) throw productErrors.onHandBelowReserved(before.reserved);
    stageLowStock(tx, availableOf(before), after);
    return after;
  });
}
