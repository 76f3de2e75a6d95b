/**
 * Prices inside the engine: bigint units of 1/10,000 of the currency — the scale of
 * `@b2b/shared/money` (its `Money.units`), so every listed price compares and buckets exactly and
 * no price passes through a floating-point number. The engine compares amounts without their
 * currency (filter bounds and facet buckets are plain amounts of the catalogue's currency), hence
 * these two currency-free conversions next to the money module's currency-checked ones.
 */
import { AMOUNT_DECIMALS } from '@b2b/shared/money';

const SCALE_DIGITS = AMOUNT_DECIMALS;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

/** "12.5" → 125000n. The caller has validated the string (DecimalString). */
export function toPriceUnits(amount: string): bigint {
  const match = new RegExp(`^(\\d+)(?:\\.(\\d{1,${SCALE_DIGITS}}))?$`).exec(amount);
  if (!match) throw new Error(`not a decimal amount with at most ${SCALE_DIGITS} decimals: ${amount}`);
  const [, whole, fraction = ''] = match;
  return BigInt(whole!) * SCALE + BigInt(fraction.padEnd(SCALE_DIGITS, '0'));
}

/** 125000n → "12.5"; 100000n → "10". */
export function formatPriceUnits(units: bigint): string {
  const whole = units / SCALE;
  const fraction = (units % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/**
 * Bounds of the price facet's buckets, in currency units: a fixed ladder, so the buckets a buyer
 * clicked stay the same while other filters change. Each bucket is [from, to).
 */
export const PRICE_BUCKET_BOUNDS: readonly bigint[] = [
  0n,
  5n,
  10n,
  25n,
  50n,
  100n,
  250n,
  500n,
  1_000n,
  2_500n,
  5_000n,
  10_000n,
].map((b) => b * SCALE);

/** Index of the bucket a price falls in: the last bound at or below it. */
export function priceBucketIndex(units: bigint): number {
  let i = PRICE_BUCKET_BOUNDS.length - 1;
  while (i > 0 && units < PRICE_BUCKET_BOUNDS[i]!) i--;
  return i;
}
