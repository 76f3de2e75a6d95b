import { describe, expect, it } from 'vitest';
import { formatDateTime, formatMoney } from '../src/ui/format.ts';

describe('formatMoney', () => {
  it('formats per locale', () => {
    expect(formatMoney({ amount: '1234.50', currency: 'EUR' }, 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatMoney({ amount: '1234.50', currency: 'USD' }, 'en-US')).toBe('$1,234.50');
  });

  it('keeps every digit of amounts a float cannot hold', () => {
    // As a number this would print 12,345,678,901,234,568.00.
    expect(formatMoney({ amount: '12345678901234567.89', currency: 'USD' }, 'en-US')).toBe(
      '$12,345,678,901,234,567.89',
    );
    expect(formatMoney({ amount: '0.1234', currency: 'EUR' }, 'en-GB')).toBe('€0.1234');
  });

  it('refuses what is not a decimal string', () => {
    expect(() => formatMoney({ amount: '1e3', currency: 'EUR' })).toThrow(/not a decimal/);
    expect(formatMoney({ amount: '1000', currency: 'EUR' }, 'en-GB')).toBe('€1,000.00');
  });
});

describe('formatDateTime', () => {
  it('shows the instant in the given time zone', () => {
    const iso = '2026-03-01T23:30:00.000Z';
    expect(formatDateTime(iso, 'en-GB', 'Europe/Berlin')).toBe('2 Mar 2026, 00:30');
    expect(formatDateTime(iso, 'en-GB', 'UTC')).toBe('1 Mar 2026, 23:30');
  });
});
