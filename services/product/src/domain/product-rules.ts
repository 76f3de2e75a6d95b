/** Rules a product's fields must keep together, checked on create, update and import alike. */
import type { MoneyJson } from '@b2b/shared/money';
import { productErrors } from './errors.ts';
import type { StoredMoney, StoredTier } from './model.ts';
import { toStoredPrice } from './money.ts';

/** Tiers in the list price's currency, positive, with distinct minimum quantities, ascending. */
export function storedTiers(
  tiers: { minQuantity: number; price: MoneyJson }[],
  currency: string,
  path: string,
): StoredTier[] {
  const seen = new Set<number>();
  const stored = tiers.map((tier, i) => {
    if (tier.price.currency !== currency)
      throw productErrors.currencyMismatch(`${path}/${i}/price/currency`, currency);
    if (seen.has(tier.minQuantity)) throw productErrors.duplicateTier(`${path}/${i}/minQuantity`);
    seen.add(tier.minQuantity);
    return { minQuantity: tier.minQuantity, price: toStoredPrice(tier.price) };
  });
  return stored.sort((a, b) => a.minQuantity - b.minQuantity);
}

export function storedListPrice(listPrice: MoneyJson): StoredMoney {
  return toStoredPrice(listPrice);
}

/** `"M8 Hex Bolt, zinc"` + `"FAS-001"` → `m8-hex-bolt-zinc-fas-001`. */
export function slugFor(name: string, sku: string): string {
  const slug = `${name} ${sku}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/g, '');
  return slug || sku.toLowerCase();
}

export function skuKeyOf(sku: string): string {
  return sku.toUpperCase();
}
