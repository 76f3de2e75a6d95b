/** Quoted product lines → the order service's lines and problems (shared by cart and checkout). */
import { fromJson, type Money } from '@b2b/shared/money';
import type { QuotedLine } from '../pricing/price-quoter.ts';

export interface PricedLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

/** Human-readable reasons a quoted line cannot be ordered as asked ([] when it can). */
export function lineProblemMessages(line: QuotedLine): string[] {
  const messages: Record<QuotedLine['problems'][number], string> = {
    unknown_sku: 'unknown sku',
    below_minimum: `the minimum order quantity is ${line.minOrderQuantity ?? '?'}`,
    not_multiple: `the quantity must be a multiple of ${line.orderMultiple ?? '?'}`,
    insufficient_stock: `only ${line.available} available`,
  };
  return line.problems.map((problem) => messages[problem]);
}

/** The quantity rules (minimum, multiple): a 400 when a buyer asks for them to be broken. */
export function quantityRuleMessages(line: QuotedLine): string[] {
  const rules = line.problems.filter((p) => p === 'below_minimum' || p === 'not_multiple');
  return lineProblemMessages({ ...line, problems: rules });
}

/** A quoted line with a price; undefined for an unknown sku. */
export function pricedLine(line: QuotedLine): PricedLine | undefined {
  if (!line.unitPrice || !line.lineTotal || !line.productId) return undefined;
  return {
    sku: line.sku,
    productId: line.productId,
    name: line.name ?? line.sku,
    quantity: line.quantity,
    // Unit prices (and so line totals) may have up to 4 decimals (api.md: a screw at 0.0125).
    unitPrice: fromJson(line.unitPrice, { precision: 'price' }),
    lineTotal: fromJson(line.lineTotal, { precision: 'price' }),
  };
}
