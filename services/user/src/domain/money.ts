import { fromDecimal128, fromJson, type MoneyJson, money, toDecimal128, toJson } from '@b2b/shared/db';
import type { StoredMoney } from './model.ts';

export type { MoneyJson };

/** API money → stored money. Negative or malformed amounts are a 400 (from the shared parser). */
export function toStoredMoney(json: MoneyJson): StoredMoney {
  const parsed = fromJson(json);
  return { amount: toDecimal128(parsed), currency: parsed.currency };
}

export function toMoneyJson(stored: StoredMoney): MoneyJson {
  return toJson(fromDecimal128(stored.amount, stored.currency));
}

export function zeroMoney(currency: string): StoredMoney {
  return { amount: toDecimal128(money(0n, currency)), currency };
}
