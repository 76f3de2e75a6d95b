/** ISO 4217 codes and how many decimals their minor unit has. */
import { AppError } from '../errors.ts';

/** Fraction digits per currency (ISO 4217); anything not listed has 2 (EUR, USD, GBP, CHF, ...). */
const minorDigitsByCurrency: Readonly<Record<string, number>> = {
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

export const CURRENCY_PATTERN = '^[A-Z]{3}$';
const currencyPattern = new RegExp(CURRENCY_PATTERN);

export function assertCurrency(currency: string): void {
  if (!currencyPattern.test(currency)) {
    throw new AppError({
      status: 400,
      code: 'INVALID_CURRENCY',
      detail: `'${currency}' is not an ISO 4217 currency code`,
    });
  }
}

/** Decimals of the currency's minor unit: 2 for EUR (cents), 0 for JPY, 3 for KWD (fils). */
export function minorDigits(currency: string): number {
  assertCurrency(currency);
  return minorDigitsByCurrency[currency] ?? 2;
}
