/**
 * The sales report's money as chart data. The API sends decimal strings; a chart needs numbers on
 * its axis, so each amount becomes an integer count of the currency's minor units (cents for EUR)
 * through the platform's exact money code (`@b2b/shared/money`: bigint, no float ever touches the
 * amount). Every label shown to a person goes back from minor units to a decimal string and through
 * Intl, so what is read is the exact figure, not a float's approximation.
 */
import { formatAmount, fromMinorUnits, parseMoney, roundToMinor, toMinorUnits } from '@b2b/shared/money';
// The JSX-free module of the kit, so node-side tests of these helpers type-check without the DOM.
import { formatMoney, type MoneyValue } from '@b2b/web-kit/ui/format';

export interface SeriesPoint {
  readonly date: string;
  readonly revenue: MoneyValue;
  readonly orders: number;
}

export interface PlotPoint {
  /** The period's first day, `YYYY-MM-DD` (a UTC day: the API groups orders by UTC day). */
  readonly date: string;
  /** Revenue in whole minor units of `currency` (an integer: exact up to 2^53, far beyond any total). */
  readonly revenueMinor: number;
  readonly orders: number;
}

/** '1234.50' EUR → 123450 (rounded half up to the minor unit, as every total already is). */
export function toMinor(money: MoneyValue): number {
  const exact = parseMoney(money.amount, money.currency, { precision: 'price', sign: 'any' });
  const minor = toMinorUnits(roundToMinor(exact));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${money.amount} ${money.currency} is beyond what a chart can plot exactly`);
  }
  return Number(minor);
}

/** The decimal string of `minor` minor units: 123450 EUR → '1234.50'. */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not a whole number of minor units: ${minor}`);
  return formatAmount(fromMinorUnits(BigInt(minor), currency));
}

/** 123450 EUR → '€1,234.50' in `locale` (tooltips): Intl formats the decimal string, exactly. */
export function formatMinor(minor: number, currency: string, locale?: string): string {
  return formatMoney({ amount: minorToDecimal(minor, currency), currency }, locale);
}

/** 123450 EUR → '€1.2K' in `locale` (axis ticks, where a full amount does not fit). */
export function formatMinorCompact(minor: number, currency: string, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact' });
  return format.format(minorToDecimal(minor, currency) as Intl.StringNumericLiteral);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Monday (UTC) of the ISO week holding `day`, as the API labels a week. */
function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  return utcDay(new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS));
}

/**
 * Every period from `from` to `to` (instants, `to` exclusive) with its figures: the API lists only
 * the periods that had orders, a chart over time needs the empty ones too (zero, not missing).
 * At most `maxPoints` periods (a chart of years of days is unreadable; the API's own points stay).
 */
export function plotSeries(
  series: readonly SeriesPoint[],
  period: { from: string; to: string; interval: 'day' | 'week' },
  maxPoints = 400,
): PlotPoint[] {
  const byDate = new Map(series.map((p) => [p.date, p]));
  const first = new Date(period.from);
  const last = new Date(new Date(period.to).getTime() - 1);
  const keys: string[] = [];
  if (!Number.isNaN(first.getTime()) && !Number.isNaN(last.getTime()) && first <= last) {
    const step = period.interval === 'week' ? 7 * DAY_MS : DAY_MS;
    const start = period.interval === 'week' ? mondayOf(utcDay(first)) : utcDay(first);
    for (let t = Date.parse(`${start}T00:00:00.000Z`); t <= last.getTime(); t += step) {
      if (keys.length >= maxPoints) break;
      keys.push(utcDay(new Date(t)));
    }
  }
  for (const p of series) if (DAY.test(p.date) && !keys.includes(p.date)) keys.push(p.date);
  keys.sort();
  return keys.map((date) => {
    const point = byDate.get(date);
    return {
      date,
      revenueMinor: point ? toMinor(point.revenue) : 0,
      orders: point?.orders ?? 0,
    };
  });
}

/** '2026-12-01' → 'Dec 1' in `locale`: the calendar day itself, whatever the viewer's time zone. */
export function formatDay(day: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00.000Z`),
  );
}
