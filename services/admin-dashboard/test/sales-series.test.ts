import { describe, expect, it } from 'vitest';
import {
  formatDay,
  formatMinor,
  formatMinorCompact,
  minorToDecimal,
  plotSeries,
  toMinor,
} from '../app/src/sales-series.ts';

describe('toMinor', () => {
  it('turns decimal strings into whole minor units without a float', () => {
    expect(toMinor({ amount: '1234.50', currency: 'EUR' })).toBe(123450);
    expect(toMinor({ amount: '0.1', currency: 'EUR' })).toBe(10);
    expect(toMinor({ amount: '1500', currency: 'JPY' })).toBe(1500);
    expect(toMinor({ amount: '1.234', currency: 'KWD' })).toBe(1234);
    // 0.1 + 0.2 in floats is 0.30000000000000004; the exact path gives 30 cents.
    expect(toMinor({ amount: '0.30', currency: 'EUR' })).toBe(30);
    // A large figure a float would round (2^53 + 1 cents is not a double).
    expect(toMinor({ amount: '90071992547409.91', currency: 'EUR' })).toBe(9007199254740991);
  });

  it('rounds sub-minor digits half up, and refuses what is not an amount or too large to plot', () => {
    expect(toMinor({ amount: '0.125', currency: 'EUR' })).toBe(13);
    expect(toMinor({ amount: '0.1249', currency: 'EUR' })).toBe(12);
    expect(() => toMinor({ amount: '12,50', currency: 'EUR' })).toThrow();
    expect(() => toMinor({ amount: '1e3', currency: 'EUR' })).toThrow();
    expect(() => toMinor({ amount: '90071992547409.93', currency: 'EUR' })).toThrow(RangeError);
  });
});

describe('formatting minor units', () => {
  it('goes back to the exact decimal string and through Intl', () => {
    expect(minorToDecimal(123450, 'EUR')).toBe('1234.50');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
    expect(formatMinor(123450, 'EUR', 'en-US')).toBe('€1,234.50');
    expect(formatMinor(123450, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMinor(9007199254740991, 'EUR', 'en-US')).toBe('€90,071,992,547,409.91');
    expect(formatMinorCompact(123450, 'EUR', 'en-US')).toBe('€1.2K');
    expect(() => minorToDecimal(1.5, 'EUR')).toThrow(RangeError);
  });

  it('labels a UTC day as that calendar day', () => {
    expect(formatDay('2026-12-01', 'en-US')).toBe('Dec 1');
  });
});

describe('plotSeries', () => {
  const eur = (amount: string) => ({ amount, currency: 'EUR' });

  it('fills the days without orders with zero, in order', () => {
    const points = plotSeries(
      [
        { date: '2026-11-30', revenue: eur('10.00'), orders: 1 },
        { date: '2026-11-28', revenue: eur('2.50'), orders: 2 },
      ],
      { from: '2026-11-28T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', interval: 'day' },
    );
    expect(points).toEqual([
      { date: '2026-11-28', revenueMinor: 250, orders: 2 },
      { date: '2026-11-29', revenueMinor: 0, orders: 0 },
      { date: '2026-11-30', revenueMinor: 1000, orders: 1 },
    ]);
  });

  it('steps by ISO week from the Monday of the first day', () => {
    const points = plotSeries([{ date: '2026-11-23', revenue: eur('7.00'), orders: 1 }], {
      // Wednesday 25 November to Wednesday 9 December (exclusive).
      from: '2026-11-25T00:00:00.000Z',
      to: '2026-12-09T00:00:00.000Z',
      interval: 'week',
    });
    expect(points.map((p) => p.date)).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(points[0]).toEqual({ date: '2026-11-23', revenueMinor: 700, orders: 1 });
  });

  it('keeps the API’s points outside the period and caps a very long one', () => {
    const outside = plotSeries([{ date: '2026-10-01', revenue: eur('1.00'), orders: 1 }], {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      interval: 'day',
    });
    expect(outside.map((p) => p.date)).toEqual(['2026-10-01', '2026-11-01']);
    const long = plotSeries(
      [],
      { from: '2000-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', interval: 'day' },
      50,
    );
    expect(long).toHaveLength(50);
    expect(plotSeries([], { from: 'nonsense', to: '2026-01-01T00:00:00.000Z', interval: 'day' })).toEqual([]);
  });
});
