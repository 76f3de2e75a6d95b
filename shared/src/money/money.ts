/**
 * Money as a scaled integer: `units` is the amount in 10^-4 of the currency's major unit, as a
 * bigint. Four decimals is what the API accepts for prices (a screw at 0.0125 EUR), and it holds
 * every currency's minor unit (at most 3 decimals), so one scale serves prices and totals and no
 * JS number ever holds an amount.
 *
 * Arithmetic is exact (add, subtract, multiply by a whole quantity); the only rounding is explicit:
 * `roundToMinor` and `percentOf`, half-up (ties away from zero, like Java's HALF_UP and the way
 * invoices round: 0.125 → 0.13, -0.125 → -0.13) to the currency's minor unit.
 */
import { AppError } from '../errors.ts';
import { assertCurrency, minorDigits } from './currency.ts';

/** Decimals `units` carries; also the most the API accepts in an amount. */
export const AMOUNT_DECIMALS = 4;
const UNITS_PER_MAJOR = 10n ** BigInt(AMOUNT_DECIMALS);

export interface Money {
  /** Amount × 10^4 (1234.50 EUR is 12_345_000n). */
  readonly units: bigint;
  /** ISO 4217 code. */
  readonly currency: string;
}

/** Units in one minor unit of the currency: 100n for EUR (a cent is 0.0100), 10_000n for JPY. */
export function unitsPerMinor(currency: string): bigint {
  return 10n ** BigInt(AMOUNT_DECIMALS - minorDigits(currency));
}

export function zero(currency: string): Money {
  assertCurrency(currency);
  return { units: 0n, currency };
}

/** 123450n EUR cents → 1234.50 EUR (what payment providers and ledgers in minor units speak). */
export function fromMinorUnits(minor: bigint, currency: string): Money {
  return { units: minor * unitsPerMinor(currency), currency };
}

/** 1234.50 EUR → 123450n; refuses an amount with sub-minor digits (round it first). */
export function toMinorUnits(m: Money): bigint {
  const step = unitsPerMinor(m.currency);
  if (m.units % step !== 0n) {
    throw new RangeError(
      `${m.units} units of ${m.currency} is not a whole number of minor units; round it first`,
    );
  }
  return m.units / step;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new AppError({
      status: 422,
      code: 'CURRENCY_MISMATCH',
      detail: `cannot combine ${a.currency} and ${b.currency}`,
    });
  }
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { units: a.units + b.units, currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { units: a.units - b.units, currency: a.currency };
}

export function negate(m: Money): Money {
  return { units: -m.units, currency: m.currency };
}

/** Unit price × quantity. Only whole quantities: a fraction of a price goes through `percentOf`. */
export function multiply(m: Money, quantity: number | bigint): Money {
  if (typeof quantity === 'number' && !Number.isSafeInteger(quantity)) {
    throw new RangeError(`quantity ${quantity} is not a whole number`);
  }
  return { units: m.units * BigInt(quantity), currency: m.currency };
}

/** Sum of amounts in one currency; an empty list sums to zero in `currency`. */
export function sum(amounts: readonly Money[], currency: string): Money {
  let total = zero(currency);
  for (const m of amounts) total = add(total, m);
  return total;
}

/** n / d rounded half-up (ties away from zero); d > 0. */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/** The amount rounded half-up to the currency's minor unit (0.125 EUR → 0.13, 0.5 JPY → 1). */
export function roundToMinor(m: Money): Money {
  const step = unitsPerMinor(m.currency);
  return { units: divideHalfUp(m.units, step) * step, currency: m.currency };
}

const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/**
 * `percent` % of the amount, rounded half-up to the minor unit: tax `percentOf(net, '19')`, a
 * discount `percentOf(price, '12.5')`. The rate is a decimal string (at most 4 decimals) so that
 * no float ever enters a calculation.
 */
export function percentOf(m: Money, percent: string): Money {
  const match = PERCENT_PATTERN.exec(percent);
  if (!match) throw new RangeError(`'${percent}' is not a percentage like 19 or 12.5`);
  const [, whole = '', fraction = ''] = match;
  const rate = BigInt(whole + fraction.padEnd(AMOUNT_DECIMALS, '0')); // percent × 10^4
  const step = unitsPerMinor(m.currency);
  const minor = divideHalfUp(m.units * rate, 100n * UNITS_PER_MAJOR * step);
  return { units: minor * step, currency: m.currency };
}

/** -1, 0 or 1, like a sort comparator. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.units < b.units ? -1 : a.units > b.units ? 1 : 0;
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.units === b.units;
}

export function isZero(m: Money): boolean {
  return m.units === 0n;
}

export function isNegative(m: Money): boolean {
  return m.units < 0n;
}

export function isPositive(m: Money): boolean {
  return m.units > 0n;
}

export function min(first: Money, ...rest: Money[]): Money {
  return rest.reduce((lowest, m) => (compare(m, lowest) < 0 ? m : lowest), first);
}

export function max(first: Money, ...rest: Money[]): Money {
  return rest.reduce((highest, m) => (compare(m, highest) > 0 ? m : highest), first);
}
