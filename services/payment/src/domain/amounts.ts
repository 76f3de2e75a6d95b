/**
 * The payment service's one door to the platform's money helpers: amounts are bigint in code,
 * Decimal128 in documents (so the credit check and the refund bound are exact decimal comparisons
 * in the database) and decimal strings in JSON. Nothing here is floating point.
 */
import {
  add,
  compare,
  fromDecimal128,
  fromJson,
  type Money,
  type MoneyJson,
  money,
  subtract,
  toDecimal128,
  toJson,
} from '@b2b/shared/db';
import { Decimal128 } from 'mongodb';

export type { Money, MoneyJson };
export { add, compare, subtract };

/** An amount as a document stores it. */
export interface StoredMoney {
  amount: Decimal128;
  currency: string;
}

export function zero(currency: string): Money {
  return money(0n, currency);
}

export function storedFrom(m: Money): StoredMoney {
  return { amount: toDecimal128(m), currency: m.currency };
}

export function fromStored(stored: StoredMoney): Money {
  return fromDecimal128(stored.amount, stored.currency);
}

/** Decimal128 of `m` alone, for `$inc` and comparisons in the database. */
export function decimal(m: Money): Decimal128 {
  return toDecimal128(m);
}

/** Body money → Money; a malformed or negative amount is a 400 from the shared parser. */
export function parseJson(json: MoneyJson): Money {
  return fromJson(json);
}

export function jsonOf(m: Money): MoneyJson {
  return toJson(m);
}

export function storedToJson(stored: StoredMoney): MoneyJson {
  return toJson(fromStored(stored));
}

/** Integer minor units (cents), what card providers take. */
export function minorUnits(m: Money): bigint {
  return m.minor;
}

export function fromMinorUnits(minor: bigint, currency: string): Money {
  return money(minor, currency);
}

export function isPositive(m: Money): boolean {
  return m.minor > 0n;
}

/** −d, for `$inc` that gives an amount back. Exact: only the sign changes. */
export function negateDecimal(d: Decimal128): Decimal128 {
  const text = d.toString();
  return Decimal128.fromString(text.startsWith('-') ? text.slice(1) : `-${text}`);
}
