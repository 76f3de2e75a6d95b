/**
 * Money helpers of the order service over the platform's money module (`@b2b/shared/db`): stored
 * Decimal128 ↔ Money ↔ JSON, and the one rounding rule for percentages.
 * TODO(kit-money): use the kit's rounding/allocation once it lands instead of `percentOf`.
 */
import {
  fromDecimal128,
  fromJson,
  type Money,
  type MoneyJson,
  money,
  toDecimal128,
  toJson,
} from '@b2b/shared/db';
import type { StoredMoney } from './model.ts';

export type { Money, MoneyJson };

export function stored(m: Money): StoredMoney {
  return { amount: toDecimal128(m), currency: m.currency };
}

export function fromStored(s: StoredMoney): Money {
  return fromDecimal128(s.amount, s.currency);
}

export function storedToJson(s: StoredMoney): MoneyJson {
  return toJson(fromStored(s));
}

export function storedFromJson(json: MoneyJson): StoredMoney {
  return stored(fromJson(json));
}

export function zero(currency: string): Money {
  return money(0n, currency);
}

/**
 * `rate` percent of `base`, rounded half up to the currency's minor unit. The rate is given in
 * hundredths of a percent (19% = 1900n), so '8.1' or '20.5' percent stay exact.
 */
export function percentOf(base: Money, rateBasisPoints: bigint): Money {
  const scaled = base.minor * rateBasisPoints;
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const rounded = (abs + 5_000n) / 10_000n;
  return money(negative ? -rounded : rounded, base.currency);
}

/** '19' → 1900n, '8.1' → 810n: a percent as decimal string to hundredths of a percent. */
export function basisPoints(percent: string): bigint {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(percent);
  if (!match) throw new Error(`tax rate '${percent}' is not a percent like 19 or 8.1`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}
