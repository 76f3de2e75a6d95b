/**
 * Money as integer minor units (bigint) in code, Decimal128 in the database and a decimal string
 * in JSON (`{ amount: '1234.50', currency: 'EUR' }`). No JS number ever holds an amount, so no
 * binary floating point rounding can creep in.
 */
import { Decimal128 } from 'mongodb';
import { AppError } from '../errors.ts';

export interface Money {
  /** Amount in minor units (cents for EUR). */
  readonly minor: bigint;
  /** ISO 4217 code. */
  readonly currency: string;
}

export interface MoneyJson {
  amount: string;
  currency: string;
}

/** Fraction digits per currency (ISO 4217); anything not listed has 2 (EUR, USD, GBP, CHF, ...). */
const fractionDigitsByCurrency: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  IQD: 3,
  LYD: 3,
};

/** Integer digits accepted: far beyond any order, well within Decimal128's 34 significant digits. */
const MAX_INTEGER_DIGITS = 24;

function invalid(detail: string): AppError {
  return new AppError({ status: 400, code: 'INVALID_AMOUNT', detail });
}

export function fractionDigits(currency: string): number {
  assertCurrency(currency);
  return fractionDigitsByCurrency[currency] ?? 2;
}

function assertCurrency(currency: string): void {
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid(`'${currency}' is not an ISO 4217 currency code`);
}

/**
 * '1234.5' or '1234.50' (EUR) → 123450n minor units. Rejects more fraction digits than the currency
 * has (no silent rounding), exponents, spaces, thousands separators and, unless allowed, negatives.
 */
export function parseMoney(amount: string, currency: string, opts: { allowNegative?: boolean } = {}): Money {
  const digits = fractionDigits(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) throw invalid(`'${amount}' is not a decimal amount like 1234.50`);
  const [, sign, whole = '', fraction = ''] = match;
  if (whole.length > MAX_INTEGER_DIGITS) throw invalid(`'${amount}' is too large`);
  if (fraction.length > digits) {
    throw invalid(`${currency} amounts have at most ${digits} decimal places, got '${amount}'`);
  }
  const minor = BigInt(whole + fraction.padEnd(digits, '0')) * (sign ? -1n : 1n);
  if (minor < 0n && !opts.allowNegative) throw invalid(`'${amount}' must not be negative`);
  return { minor, currency };
}

export function money(minor: bigint, currency: string): Money {
  assertCurrency(currency);
  return { minor, currency };
}

/** 123450n EUR → '1234.50'. */
export function formatAmount(m: Money): string {
  const digits = fractionDigits(m.currency);
  const negative = m.minor < 0n;
  const abs = (negative ? -m.minor : m.minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return (negative ? '-' : '') + whole + (digits > 0 ? `.${fraction}` : '');
}

export function toJson(m: Money): MoneyJson {
  return { amount: formatAmount(m), currency: m.currency };
}

export function fromJson(json: MoneyJson, opts: { allowNegative?: boolean } = {}): Money {
  return parseMoney(json.amount, json.currency, opts);
}

export function toDecimal128(m: Money): Decimal128 {
  return Decimal128.fromString(formatAmount(m));
}

/**
 * Decimal128 (as stored) → Money. Accepts any exponent the database may hand back ('1.5E+3',
 * '12.3400'); refuses a value with more significant fraction digits than the currency has.
 */
export function fromDecimal128(value: Decimal128, currency: string): Money {
  const digits = fractionDigits(currency);
  const text = value.toString();
  const match = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/i.exec(text);
  if (!match) throw new Error(`stored amount '${text}' is not a finite decimal`);
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  // value = (whole.fraction) * 10^exponent = coefficient * 10^(exponent - fraction.length)
  const coefficient = BigInt(whole + fraction);
  const shift = Number(exponentText) - fraction.length + digits;
  let minor: bigint;
  if (shift >= 0) {
    minor = coefficient * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (coefficient % divisor !== 0n) {
      throw new Error(`stored amount '${text}' has more than ${digits} decimal places for ${currency}`);
    }
    minor = coefficient / divisor;
  }
  return { minor: sign ? -minor : minor, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new AppError({
      status: 422,
      code: 'CURRENCY_MISMATCH',
      detail: `cannot combine ${a.currency} and ${b.currency}`,
    });
  }
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor - b.minor, currency: a.currency };
}

/** Unit price × quantity. The quantity must be a whole number: prices are never scaled by fractions here. */
export function multiply(m: Money, quantity: number | bigint): Money {
  if (typeof quantity === 'number' && !Number.isSafeInteger(quantity)) {
    throw invalid(`quantity ${quantity} is not a whole number`);
  }
  return { minor: m.minor * BigInt(quantity), currency: m.currency };
}

/** Sum of amounts in one currency; an empty list sums to zero in `currency`. */
export function sum(amounts: readonly Money[], currency: string): Money {
  let total = money(0n, currency);
  for (const m of amounts) total = add(total, m);
  return total;
}

/** -1, 0 or 1, like a sort comparator. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.minor === b.minor;
}
