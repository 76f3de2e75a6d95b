import { fromDecimal128, fromJson, type MoneyJson, money, toDecimal128, toJson } from '@b2b/shared/db';
import type { CompanyDoc, StoredMoney } from './model.ts';

export type { MoneyJson };

/** API money → stored money. Negative or malformed amounts are a 400 (from the shared parser). */
export function toStoredMoney(json: MoneyJson): StoredMoney {
  const parsed = fromJson(json);
  return { amount: toDecimal128(parsed), currency: parsed.currency };
}

export function toMoneyJson(stored: StoredMoney): MoneyJson {
  return toJson(fromDecimal128(stored.amount, stored.currency));
}

/**
 * A company keeps its credit limit, credit used and its members' spending limits in one currency,
 * so the order and payment services can compare them without conversions.
 */
export function companyCurrency(company: CompanyDoc): string {
  return company.creditUsed.currency;
}

export function zeroMoney(currency: string): StoredMoney {
  return { amount: toDecimal128(money(0n, currency)), currency };
}
