/**
 * The payment service's one door to the platform's money: `@b2b/shared/money` for arithmetic
 * (bigint, currency-checked), Decimal128 in documents (so the credit check and the refund bound
 * are exact decimal comparisons in the database) and decimal strings in JSON. Nothing here is
 * floating point.
 */
import { fromStoredMoney, type StoredMoney, storedMoneyToJson, toDecimal128 } from '@b2b/shared/db';
import {
  add,
  compare,
  fromJson,
  fromMinorUnits,
  isPositive,
  type Money,
  type MoneyJson,
  max,
  subtract,
  toJson,
  toMinorUnits,
  zero,
} from '@b2b/shared/money';
import { Decimal128 } from 'mongodb';

export type { Money, MoneyJson, StoredMoney };
export { add, compare, fromMinorUnits, isPositive, max, subtract, zero };

export const fromStored: (stored: StoredMoney) => Money = fromStoredMoney;
export const storedToJson: (stored: StoredMoney) => MoneyJson = storedMoneyToJson;

/** Decimal128 of `m` alone, for `$inc` and comparisons in the database. */
export function decimal(m: Money): Decimal128 {
  return toDecimal128(m);
}

/**
 * Body or event money → Money, at the currency's minor unit (totals and refunds are never
 * fractions of a cent); a malformed or negative amount is a 400 INVALID_AMOUNT.
 */
export function parseJson(json: MoneyJson): Money {
  return fromJson(json);
}

export const jsonOf: (m: Money) => MoneyJson = toJson;

/** Integer minor units (cents), what card providers take. */
export const minorUnits: (m: Money) => bigint = toMinorUnits;

/** −d, for `$inc` that gives an amount back. Exact: only the sign changes. */
export function negateDecimal(d: Decimal128): Decimal128 {
  const text = d.toString();
  return Decimal128.fromString(text.startsWith('-') ? text.slice(1) : `-${text}`);
}
