/**
 * The quote the order service charges from (POST /internal/prices): per line the company's unit
 * price and line total by the one price-resolution rule, quantity-rule violations and availability.
 */
import { type Money, type MoneyJson, sum, toJson } from '@b2b/shared/money';
import { schedulesFor } from './buyer-prices.ts';
import type { CatalogContext } from './context.ts';
import { lineTotal, quantityViolations, unitPriceAt } from './pricing.ts';
import { skuKeyOf } from './product-rules.ts';
import { availableOf } from './stock.ts';

export type LineProblem = 'unknown_sku' | 'below_minimum' | 'not_multiple' | 'insufficient_stock';

export interface QuotedLine {
  sku: string;
  quantity: number;
  productId?: string;
  name?: string;
  unitPrice?: MoneyJson;
  lineTotal?: MoneyJson;
  priceSource?: 'price_list' | 'product';
  minOrderQuantity?: number;
  orderMultiple?: number;
  available: number;
  problems: LineProblem[];
}

export interface Quote {
  companyId: string | null;
  lines: QuotedLine[];
  /** Sum of the priced lines, when they share one currency. */
  total: MoneyJson | null;
  /** Whether every line can be ordered as asked. */
  orderable: boolean;
}

export async function quotePrices(
  ctx: CatalogContext,
  companyId: string | null,
  lines: { sku: string; quantity: number }[],
): Promise<Quote> {
  const keys = [...new Set(lines.map((l) => skuKeyOf(l.sku)))];
  // Only active products can be bought; drafts and archived ones quote as unknown.
  const products = (await ctx.repos.products.findBySkuKeys(keys)).filter((p) => p.status === 'active');
  const [schedules, stock] = await Promise.all([
    schedulesFor(ctx, companyId, products),
    ctx.repos.inventory.findBySkuKeys(products.map((p) => p.skuKey)),
  ]);
  const productBySku = new Map(products.map((p) => [p.skuKey, p]));
  const stockBySku = new Map(stock.map((s) => [s._id, s]));
  const totals: Money[] = [];
  const quoted = lines.map((line): QuotedLine => {
    const product = productBySku.get(skuKeyOf(line.sku));
    if (!product) return { sku: line.sku, quantity: line.quantity, available: 0, problems: ['unknown_sku'] };
    const schedule = schedules.get(product._id)!;
    const available = availableOf(stockBySku.get(product.skuKey));
    const problems: LineProblem[] = [...quantityViolations(product, line.quantity)];
    if (available < line.quantity) problems.push('insufficient_stock');
    const total = lineTotal(schedule, line.quantity);
    totals.push(total);
    return {
      sku: product.sku,
      quantity: line.quantity,
      productId: product._id,
      name: product.name,
      unitPrice: toJson(unitPriceAt(schedule, line.quantity)),
      lineTotal: toJson(total),
      priceSource: schedule.source,
      minOrderQuantity: product.minOrderQuantity,
      orderMultiple: product.orderMultiple,
      available,
      problems,
    };
  });
  const currencies = new Set(totals.map((t) => t.currency));
  const [currency] = currencies;
  return {
    companyId,
    lines: quoted,
    total: currencies.size === 1 && currency ? toJson(sum(totals, currency)) : null,
    orderable: quoted.every((l) => l.problems.length === 0),
  };
}
