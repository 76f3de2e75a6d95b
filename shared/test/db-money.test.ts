import {
  fromDecimal128,
  fromStoredMoney,
  storedMoneyFromJson,
  storedMoneyToJson,
  toDecimal128,
  toStoredMoney,
} from '@b2b/shared/db';
import { formatAmount, multiply, parseMoney } from '@b2b/shared/money';
import { Decimal128 } from 'mongodb';
import { describe, expect, it } from 'vitest';

const eur = (amount: string) => parseMoney(amount, 'EUR');
const fromText = (stored: string, currency = 'EUR') =>
  formatAmount(fromDecimal128(Decimal128.fromString(stored), currency));

describe('money on Decimal128', () => {
  it('stores the formatted amount and reads back whatever exponent the database hands back', () => {
    expect(toDecimal128(eur('1234.5')).toString()).toBe('1234.50');
    expect(toDecimal128(parseMoney('0.0125', 'EUR', { precision: 'price' })).toString()).toBe('0.0125');
    expect(fromText('1.5E+3')).toBe('1500.00');
    expect(fromText('12.3400')).toBe('12.34');
    expect(fromText('-0.5')).toBe('-0.50');
    expect(fromText('0', 'JPY')).toBe('0');
    expect(fromText('12.345')).toBe('12.345'); // a 4-decimal price survives
    expect(fromText('1.23450000')).toBe('1.2345');
  });

  it('refuses stored values it would have to round, and non-finite ones', () => {
    expect(() => fromText('12.34567')).toThrow(/more than 4 decimal places/);
    expect(() => fromText('NaN')).toThrow(/finite/);
    expect(() => fromText('Infinity')).toThrow(/finite/);
  });

  it('keeps values beyond Number.MAX_SAFE_INTEGER exact on the way through', () => {
    const big = multiply(eur('999999999999999.99'), 1000);
    expect(formatAmount(fromDecimal128(toDecimal128(big), 'EUR'))).toBe('999999999999999990.00');
  });

  it('converts API bodies to document fields and back', () => {
    const stored = storedMoneyFromJson({ amount: '5000', currency: 'EUR' });
    expect(stored.currency).toBe('EUR');
    expect(stored.amount.toString()).toBe('5000.00');
    expect(storedMoneyToJson(stored)).toEqual({ amount: '5000.00', currency: 'EUR' });
    expect(fromStoredMoney(toStoredMoney(eur('1.10')))).toEqual(eur('1.10'));
    expect(() => storedMoneyFromJson({ amount: '-1', currency: 'EUR' })).toThrow(
      expect.objectContaining({ status: 400, code: 'INVALID_AMOUNT' }),
    );
  });
});
