/**
 * Money and dates for people. Amounts arrive as decimal strings and are handed to
 * Intl.NumberFormat as strings: the spec (Intl.NumberFormat v3, in Node 20 and every current
 * browser) formats a string as an exact decimal, so "12345678901234567.89" never becomes a float.
 */
export interface MoneyValue {
  readonly amount: string;
  readonly currency: string;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function formatMoney(money: MoneyValue, locale?: string): string {
  if (!DECIMAL.test(money.amount)) throw new Error(`not a decimal amount: ${money.amount}`);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    // Prices may carry up to 4 decimals (api.md): show them rather than round them away.
    maximumFractionDigits: 4,
  });
  return format.format(money.amount as Intl.StringNumericLiteral);
}

/** A timestamp in the user's own time zone (the browser's), date and time. */
export function formatDateTime(iso: string, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}
