/** Subtotal, shipping, tax and total of a set of priced lines: one rule for carts and orders. */
import {
  add,
  compare,
  fromJson,
  type Money,
  type MoneyJson,
  percentOf,
  roundToMinor,
  sum,
  zero,
} from '@b2b/shared/money';
import { type TaxBuyer, taxTreatment } from './tax.ts';

/** The commercial settings (config.ts reads them; tests pass their own). */
export interface PricingRules {
  /** ISO 3166-1 alpha-2 country of the supplier (reverse charge is decided against it). */
  supplierCountry: string;
  /** Charged when the subtotal is below `freeShippingThreshold`. */
  shippingFee: MoneyJson;
  freeShippingThreshold: MoneyJson;
}

export interface Totals {
  subtotal: Money;
  shipping: Money;
  tax: Money;
  total: Money;
  taxRate: string;
  taxNote: string | null;
}

export function computeTotals(lineTotals: readonly Money[], buyer: TaxBuyer, rules: PricingRules): Totals {
  const fee = fromJson(rules.shippingFee);
  const currency = lineTotals[0]?.currency ?? fee.currency;
  // Unit prices may carry 4 decimals; what is charged is whole cents.
  const subtotal = roundToMinor(sum(lineTotals, currency));
  const threshold = fromJson(rules.freeShippingThreshold);
  const shipping = lineTotals.length === 0 || compare(subtotal, threshold) >= 0 ? zero(currency) : fee;
  const treatment = taxTreatment(buyer, rules.supplierCountry);
  // Shipping is part of the taxable supply.
  const tax = percentOf(add(subtotal, shipping), treatment.rate);
  return {
    subtotal,
    shipping,
    tax,
    total: add(add(subtotal, shipping), tax),
    taxRate: treatment.rate,
    taxNote: treatment.note,
  };
}
