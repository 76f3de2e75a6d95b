/**
 * Prices inside the engine: integer units of 1/10,000 of the currency, as bigint. The API allows
 * unit prices with up to 4 decimals (a screw at 0.0125 EUR), so every listed price compares and
 * buckets exactly; no price ever passes through a floating-point number.
 */
const SCALE_DIGITS = 4;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

/** "12.5" → 125000n. The caller has validated the string (DecimalString). */
export function toPriceUnits(amount: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(amount);
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
