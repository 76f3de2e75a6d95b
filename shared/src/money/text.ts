/**
 * The API's form of money: `{ amount: "1234.50", currency: "EUR" }` with the amount as a decimal
 * string. Parsing is strict (no rounding, no guessing); formatting always shows the currency's
 * minor digits and more only when a price has them (0.0125 EUR).
 */
import type { MoneyJson } from '../catalogue.ts';
import { AppError } from '../errors.ts';
import { minorDigits } from './currency.ts';
import { AMOUNT_DECIMALS, type Money } from './money.ts';

/** Integer digits an API amount may have: far beyond any order, well within Decimal128's 34. */
export const MAX_INTEGER_DIGITS = 15;

/** The grammar of a non-negative API amount, shared with the TypeBox `DecimalString` schema. */
export const DECIMAL_AMOUNT_PATTERN = `^(0|[1-9][0-9]{0,${MAX_INTEGER_DIGITS - 1}})(\\.[0-9]{1,${AMOUNT_DECIMALS}})?$`;

export interface ParseMoneyOptions {
  /**
   * `minor` (default): no more decimals than the currency's minor unit (limits, totals, refunds).
   * `price`: up to 4 decimals whatever the currency (unit prices, as api.md allows).
   */
  readonly precision?: 'minor' | 'price';
  /** `non-negative` (default), `positive` (prices: zero refused too) or `any`. */
  readonly sign?: 'non-negative' | 'positive' | 'any';
}

function invalid(detail: string): AppError {
  return new AppError({ status: 400, code: 'INVALID_AMOUNT', detail });
}

const AMOUNT_SHAPE = /^(-)?(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * '1234.5' (EUR) → 1234.50 EUR. Refuses JSON numbers (`12.5` is a float on the way in already),
 * exponents, leading zeros, spaces, `+`, thousands separators, more decimals than allowed (no
 * silent rounding) and, unless asked, negatives. Every refusal is a 400 INVALID_AMOUNT.
 */
export function parseMoney(amount: unknown, currency: string, opts: ParseMoneyOptions = {}): Money {
  if (typeof amount !== 'string') {
    throw invalid(`the amount must be a decimal string like "1234.50", not a ${typeof amount}`);
  }
  const allowed = opts.precision === 'price' ? AMOUNT_DECIMALS : minorDigits(currency);
  const match = AMOUNT_SHAPE.exec(amount);
  if (!match) throw invalid(`'${amount}' is not a decimal amount like 1234.50`);
  const [, minus, whole = '', fraction = ''] = match;
  if (whole.length > MAX_INTEGER_DIGITS) throw invalid(`'${amount}' is too large`);
  if (fraction.length > allowed) {
    throw invalid(`${currency} amounts here have at most ${allowed} decimal places, got '${amount}'`);
  }
  const magnitude = BigInt(whole + fraction.padEnd(AMOUNT_DECIMALS, '0'));
  const units = minus ? -magnitude : magnitude;
  const sign = opts.sign ?? 'non-negative';
  if (units < 0n && sign !== 'any') throw invalid(`'${amount}' must not be negative`);
  if (units === 0n && sign === 'positive') throw invalid(`'${amount}' must be greater than zero`);
  return { units, currency };
}

/** 1234.5 EUR → '1234.50'; 0.0125 EUR → '0.0125'; 1500 JPY → '1500'. */
export function formatAmount(m: Money): string {
  const negative = m.units < 0n;
  const digits = (negative ? -m.units : m.units).toString().padStart(AMOUNT_DECIMALS + 1, '0');
  const whole = digits.slice(0, -AMOUNT_DECIMALS);
  const shown = Math.max(minorDigits(m.currency), digits.slice(-AMOUNT_DECIMALS).replace(/0+$/, '').length);
  const fraction = digits.slice(-AMOUNT_DECIMALS).slice(0, shown);
  return (negative ? '-' : '') + whole + (shown > 0 ? `.${fraction}` : '');
}

export function toJson(m: Money): MoneyJson {
  return { amount: formatAmount(m), currency: m.currency };
}

export function fromJson(json: MoneyJson, opts: ParseMoneyOptions = {}): Money {
  return parseMoney(json.amount, json.currency, opts);
}
