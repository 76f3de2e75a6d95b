/**
 * Money in the database: `{ amount: Decimal128, currency }`, so queries and aggregations
 * ($sum, range filters) stay exact decimals. Arithmetic is `@b2b/shared/money`'s; this is only the
 * conversion between its bigint form and Decimal128.
 */
import { Decimal128 } from 'mongodb';
import type { MoneyJson } from '../catalogue.ts';
import {
  AMOUNT_DECIMALS,
  formatAmount,
  fromJson,
  type Money,
  type ParseMoneyOptions,
  toJson,
} from '../money/index.ts';

/** Money as stored in a document. */
export interface StoredMoney {
  amount: Decimal128;
  currency: string;
}

export function toDecimal128(m: Money): Decimal128 {
  return Decimal128.fromString(formatAmount(m));
}

/**
 * Decimal128 (as stored) → Money. Accepts any exponent the database may hand back ('1.5E+3',
 * '12.34000'); refuses a value with more significant decimals than Money holds (4) rather than
 * rounding what someone stored.
 */
export function fromDecimal128(value: Decimal128, currency: string): Money {
  const text = value.toString();
  const match = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/i.exec(text);
  if (!match) throw new Error(`stored amount '${text}' is not a finite decimal`);
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  // value = coefficient × 10^(exponent − fraction.length); units = value × 10^AMOUNT_DECIMALS
  const coefficient = BigInt(whole + fraction);
  const shift = Number(exponentText) - fraction.length + AMOUNT_DECIMALS;
  let units: bigint;
  if (shift >= 0) {
    units = coefficient * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (coefficient % divisor !== 0n) {
      throw new Error(`stored amount '${text}' has more than ${AMOUNT_DECIMALS} decimal places`);
    }
    units = coefficient / divisor;
  }
  return { units: sign ? -units : units, currency };
}

export function toStoredMoney(m: Money): StoredMoney {
  return { amount: toDecimal128(m), currency: m.currency };
}

export function fromStoredMoney(stored: StoredMoney): Money {
  return fromDecimal128(stored.amount, stored.currency);
}

/** API body → document field; a malformed amount is a 400 (see `parseMoney`). */
export function storedMoneyFromJson(json: MoneyJson, opts: ParseMoneyOptions = {}): StoredMoney {
  return toStoredMoney(fromJson(json, opts));
}

/** Document field → response body. */
export function storedMoneyToJson(stored: StoredMoney): MoneyJson {
  return toJson(fromStoredMoney(stored));
}
