/**
 * `@b2b/shared/money`: exact money for every service. Amounts are bigints scaled to 4 decimals,
 * never JS numbers; the API form is `MoneyJson` (`{ amount: "1234.50", currency: "EUR" }`); the
 * database form (Decimal128) is in `@b2b/shared/db`.
 *
 *   const line = multiply(parseMoney(body.price.amount, 'EUR', { precision: 'price', sign: 'positive' }), qty);
 *   const tax = percentOf(roundToMinor(net), '19');
 *   const discounts = allocate(discount, lines); // sums to `discount` exactly
 */
export type { MoneyJson } from '../catalogue.ts';
export { allocate } from './allocation.ts';
export { assertCurrency, CURRENCY_PATTERN, minorDigits } from './currency.ts';
export {
  AMOUNT_DECIMALS,
  add,
  compare,
  equals,
  fromMinorUnits,
  isNegative,
  isPositive,
  isZero,
  type Money,
  max,
  min,
  multiply,
  negate,
  percentOf,
  roundToMinor,
  subtract,
  sum,
  toMinorUnits,
  unitsPerMinor,
  zero,
} from './money.ts';
export {
  DECIMAL_AMOUNT_PATTERN,
  formatAmount,
  fromJson,
  MAX_INTEGER_DIGITS,
  type ParseMoneyOptions,
  parseMoney,
  toJson,
} from './text.ts';
