import { fromDecimal128, fromJson, type Money, type MoneyJson, toDecimal128, toJson } from '@b2b/shared/db';
import { productErrors } from './errors.ts';
import type { StoredMoney } from './model.ts';

export type { Money, MoneyJson };

/**
 * API money → stored money. The shared parser refuses malformed amounts and more decimals than the
 * currency has; prices here must also be above zero.
 */
export function toStoredPrice(json: MoneyJson, path: string): StoredMoney {
  const parsed = fromJson(json);
  if (parsed.minor <= 0n) throw productErrors.nonPositivePrice(path);
  return { amount: toDecimal128(parsed), currency: parsed.currency };
}

export function fromStored(stored: StoredMoney): Money {
  return fromDecimal128(stored.amount, stored.currency);
}

export function storedToJson(stored: StoredMoney): MoneyJson {
  return toJson(fromStored(stored));
}

export function moneyToStored(m: Money): StoredMoney {
  return { amount: toDecimal128(m), currency: m.currency };
}
