import {
  add,
  compare,
  formatAmount,
  fromDecimal128,
  fromJson,
  multiply,
  parseMoney,
  subtract,
  sum,
  toDecimal128,
  toJson,
} from '@b2b/shared/db';
import { Decimal128 } from 'mongodb';
import { describe, expect, it } from 'vitest';

const eur = (amount: string) => parseMoney(amount, 'EUR');

describe('money', () => {
  it('adds 0.10 and 0.20 to exactly 0.30 (where floats give 0.30000000000000004)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toJson(add(eur('0.1'), eur('0.2')))).toEqual({ amount: '0.30', currency: 'EUR' });
  });

  it('parses decimal strings into minor units and formats them back with the currency scale', () => {
    expect(eur('1234.50').minor).toBe(123450n);
    expect(eur('1234.5').minor).toBe(123450n);
    expect(eur('7').minor).toBe(700n);
    expect(formatAmount(eur('0.05'))).toBe('0.05');
    expect(formatAmount(eur('1234.5'))).toBe('1234.50');
    expect(toJson(parseMoney('1500', 'JPY'))).toEqual({ amount: '1500', currency: 'JPY' });
    expect(toJson(parseMoney('1.234', 'KWD'))).toEqual({ amount: '1.234', currency: 'KWD' });
    expect(formatAmount(parseMoney('-0.05', 'EUR', { allowNegative: true }))).toBe('-0.05');
  });

  it('refuses amounts it would have to round or guess', () => {
    for (const bad of [
      '1.005',
      '0.001',
      '1e3',
      '1E3',
      ' 1',
      '1 ',
      '1,00',
      '1.000,00',
      '',
      '.5',
      '5.',
      '+5',
      'NaN',
      'Infinity',
      '0x10',
    ]) {
      expect(() => eur(bad), bad).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_AMOUNT' }));
    }
    expect(() => parseMoney('100.5', 'JPY')).toThrow(/at most 0 decimal places/);
    expect(() => eur('-1.00')).toThrow(/negative/);
    expect(() => parseMoney('1.00', 'euro')).toThrow(/ISO 4217/);
    expect(() => eur('1'.repeat(25))).toThrow(/too large/);
  });

  it('multiplies a unit price by a quantity exactly', () => {
    expect(toJson(multiply(eur('19.99'), 3)).amount).toBe('59.97');
    expect(toJson(multiply(eur('0.10'), 3)).amount).toBe('0.30');
    expect(toJson(multiply(eur('1.15'), 100)).amount).toBe('115.00'); // 1.15 * 100 = 114.99999999999999 in floats
    expect(() => multiply(eur('1.00'), 1.5)).toThrow(/whole number/);
  });

  it('keeps large values exact, beyond Number.MAX_SAFE_INTEGER', () => {
    const big = eur('99999999999999999999.99');
    expect(formatAmount(add(big, eur('0.01')))).toBe('100000000000000000000.00');
    expect(formatAmount(multiply(eur('92233720368547758.07'), 1000))).toBe('92233720368547758070.00');
    expect(formatAmount(fromDecimal128(toDecimal128(big), 'EUR'))).toBe('99999999999999999999.99');
  });

  it('round-trips through Decimal128, whatever exponent the database hands back', () => {
    expect(toDecimal128(eur('1234.5')).toString()).toBe('1234.50');
    expect(formatAmount(fromDecimal128(Decimal128.fromString('1.5E+3'), 'EUR'))).toBe('1500.00');
    expect(formatAmount(fromDecimal128(Decimal128.fromString('12.3400'), 'EUR'))).toBe('12.34');
    expect(formatAmount(fromDecimal128(Decimal128.fromString('-0.5'), 'EUR'))).toBe('-0.50');
    expect(formatAmount(fromDecimal128(Decimal128.fromString('0'), 'JPY'))).toBe('0');
    expect(() => fromDecimal128(Decimal128.fromString('12.345'), 'EUR')).toThrow(/decimal places/);
    expect(() => fromDecimal128(Decimal128.fromString('NaN'), 'EUR')).toThrow(/finite/);
  });

  it('compares, subtracts and sums within one currency only', () => {
    expect(compare(eur('10.00'), eur('9.99'))).toBe(1);
    expect(compare(eur('9.99'), eur('10'))).toBe(-1);
    expect(compare(eur('10'), eur('10.00'))).toBe(0);
    expect(formatAmount(subtract(eur('10.00'), eur('0.01')))).toBe('9.99');
    expect(formatAmount(sum([eur('0.10'), eur('0.20'), eur('0.30')], 'EUR'))).toBe('0.60');
    expect(formatAmount(sum([], 'EUR'))).toBe('0.00');
    expect(() => add(eur('1'), parseMoney('1', 'USD'))).toThrow(
      expect.objectContaining({ code: 'CURRENCY_MISMATCH' }),
    );
  });

  it('reads the JSON form of the API', () => {
    expect(fromJson({ amount: '42.10', currency: 'USD' }).minor).toBe(4210n);
  });
});
