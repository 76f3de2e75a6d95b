import { type StoredMoney, storedMoneyFromJson } from '@b2b/shared/db';
import type { MoneyJson } from '@b2b/shared/money';

/**
 * A price from the API: a positive decimal string with at most 4 decimals whatever the currency
 * (api.md: a screw may cost 0.0125 EUR). Refusals are the shared parser's 400 INVALID_AMOUNT.
 */
export function toStoredPrice(json: MoneyJson): StoredMoney {
  return storedMoneyFromJson(json, { precision: 'price', sign: 'positive' });
}
