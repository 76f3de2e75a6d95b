import type { Money as MoneySchema } from '@b2b/shared/http';
import {
  add,
  allocate,
  compare,
  equals,
  formatAmount,
  fromJson,
  fromMinorUnits,
  isNegative,
  isPositive,
  isZero,
  type MoneyJson,
  max,
  min,
  minorDigits,
  multiply,
  negate,
  parseMoney,
  percentOf,
  roundToMinor,
  subtract,
  sum,
  toJson,
  toMinorUnits,
  zero,
} from '@b2b/shared/money';
import fc from 'fast-check';
import type { Static } from 'typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';

const eur = (amount: string) => parseMoney(amount, 'EUR', { sign: 'any' });
const price = (amount: string, currency = 'EUR') => parseMoney(amount, currency, { precision: 'price' });
const text = (m: { units: bigint; currency: string }) => formatAmount(m);

describe('money: one MoneyJson', () => {
  it('the TypeBox Money schema and the MoneyJson interface are the same type', () => {
    expectTypeOf<Static<typeof MoneySchema>>().toEqualTypeOf<MoneyJson>();
  });
});

describe('parsing the API decimal string', () => {
  it('reads amounts at the currency minor unit and formats them back', () => {
    expect(parseMoney('1234.5', 'EUR').units).toBe(12_345_000n);
    expect(toJson(parseMoney('1234.5', 'EUR'))).toEqual({ amount: '1234.50', currency: 'EUR' });
    expect(toJson(parseMoney('7', 'EUR'))).toEqual({ amount: '7.00', currency: 'EUR' });
    expect(toJson(parseMoney('1500', 'JPY'))).toEqual({ amount: '1500', currency: 'JPY' });
    expect(toJson(parseMoney('1.234', 'KWD'))).toEqual({ amount: '1.234', currency: 'KWD' });
    expect(toJson(fromJson({ amount: '42.10', currency: 'USD' }))).toEqual({
      amount: '42.10',
      currency: 'USD',
    });
    expect(text(eur('-0.05'))).toBe('-0.05');
  });

  it('knows the currencies with 0 and 3 minor digits', () => {
    expect(['JPY', 'KRW', 'EUR', 'USD', 'BHD', 'KWD'].map(minorDigits)).toEqual([0, 0, 2, 2, 3, 3]);
  });

  it('accepts up to 4 decimals for prices, whatever the currency, and shows them', () => {
    expect(text(price('0.0125'))).toBe('0.0125');
    expect(text(price('0.012'))).toBe('0.012');
    expect(text(price('1.5000'))).toBe('1.50');
    expect(text(price('0.5', 'JPY'))).toBe('0.5');
    expect(() => price('0.00001')).toThrow(/at most 4 decimal places/);
    // the same text at the currency's precision is refused: no silent rounding
    expect(() => parseMoney('0.0125', 'EUR')).toThrow(/at most 2 decimal places/);
    expect(() => parseMoney('100.5', 'JPY')).toThrow(/at most 0 decimal places/);
  });

  it('refuses numbers, exponents and any text it would have to guess about, with a 400', () => {
    const refusals: unknown[] = [
      12.5,
      12,
      null,
      undefined,
      { amount: '1' },
      '1e3',
      '1E3',
      ' 1',
      '1 ',
      '1,00',
    ];
    refusals.push('1.000,00', '', '.5', '5.', '+5', '01', 'NaN', 'Infinity', '0x10', '1'.repeat(16));
    for (const bad of refusals) {
      expect(() => parseMoney(bad, 'EUR'), String(bad)).toThrow(
        expect.objectContaining({ status: 400, code: 'INVALID_AMOUNT' }),
      );
    }
    expect(parseMoney('9'.repeat(15), 'EUR').units).toBe(BigInt('9'.repeat(15)) * 10_000n); // the bound itself
    expect(() => parseMoney(12.5, 'EUR')).toThrow(/decimal string.*not a number/);
    expect(() => parseMoney('1.00', 'euro')).toThrow(
      expect.objectContaining({ status: 400, code: 'INVALID_CURRENCY' }),
    );
  });

  it('refuses negatives unless asked, and zero where a positive amount is required', () => {
    expect(() => parseMoney('-1.00', 'EUR')).toThrow(/must not be negative/);
    expect(text(parseMoney('-1.00', 'EUR', { sign: 'any' }))).toBe('-1.00');
    expect(() => parseMoney('0', 'EUR', { sign: 'positive' })).toThrow(/greater than zero/);
    expect(() => parseMoney('-0.01', 'EUR', { sign: 'positive' })).toThrow(/negative/);
    expect(text(parseMoney('0.01', 'EUR', { sign: 'positive' }))).toBe('0.01');
    expect(text(parseMoney('0', 'EUR'))).toBe('0.00');
  });
});

describe('arithmetic', () => {
  it('adds 0.10 and 0.20 to exactly 0.30 (where floats give 0.30000000000000004)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toJson(add(eur('0.1'), eur('0.2')))).toEqual({ amount: '0.30', currency: 'EUR' });
  });

  it('subtracts, negates, sums and multiplies by a whole quantity exactly', () => {
    expect(text(subtract(eur('10.00'), eur('0.01')))).toBe('9.99');
    expect(text(subtract(eur('0.01'), eur('10.00')))).toBe('-9.99');
    expect(text(negate(eur('3.50')))).toBe('-3.50');
    expect(text(sum([eur('0.10'), eur('0.20'), eur('0.30')], 'EUR'))).toBe('0.60');
    expect(text(sum([], 'EUR'))).toBe('0.00');
    expect(text(multiply(eur('19.99'), 3))).toBe('59.97');
    expect(text(multiply(eur('1.15'), 100))).toBe('115.00'); // 114.99999999999999 in floats
    expect(text(multiply(price('0.0125'), 7n))).toBe('0.0875');
    expect(() => multiply(eur('1.00'), 1.5)).toThrow(/whole number/);
  });

  it('refuses to mix currencies with a clear 422', () => {
    const usd = parseMoney('1', 'USD');
    for (const mix of [
      () => add(eur('1'), usd),
      () => subtract(eur('1'), usd),
      () => compare(eur('1'), usd),
    ]) {
      expect(mix).toThrow(
        expect.objectContaining({
          status: 422,
          code: 'CURRENCY_MISMATCH',
          message: 'cannot combine EUR and USD',
        }),
      );
    }
    expect(text(add(parseMoney('1', 'USD'), usd))).toBe('2.00');
  });

  it('keeps values beyond Number.MAX_SAFE_INTEGER exact', () => {
    const big = multiply(eur('999999999999999.99'), 1000);
    expect(text(big)).toBe('999999999999999990.00');
    expect(text(add(big, eur('0.01')))).toBe('999999999999999990.01');
  });

  it('converts to and from minor units, refusing sub-minor amounts', () => {
    expect(toMinorUnits(eur('1234.50'))).toBe(123450n);
    expect(toMinorUnits(parseMoney('1500', 'JPY'))).toBe(1500n);
    expect(text(fromMinorUnits(1234n, 'KWD'))).toBe('1.234');
    expect(() => toMinorUnits(price('0.0125'))).toThrow(/round it first/);
  });
});

describe('rounding: half-up (ties away from zero) to the minor unit', () => {
  it('rounds the x.xx5 boundary up and just below it down, symmetrically for negatives', () => {
    const cases: [string, string][] = [
      ['0.0050', '0.01'],
      ['0.0049', '0.00'],
      ['1.0050', '1.01'],
      ['2.6750', '2.68'],
      ['2.6749', '2.67'],
      ['-0.0050', '-0.01'],
      ['-0.0049', '0.00'],
      ['1.9999', '2.00'],
    ];
    for (const [input, rounded] of cases) {
      expect(text(roundToMinor(parseMoney(input, 'EUR', { precision: 'price', sign: 'any' }))), input).toBe(
        rounded,
      );
    }
    expect(text(roundToMinor(price('0.5', 'JPY')))).toBe('1');
    expect(text(roundToMinor(price('0.4999', 'JPY')))).toBe('0');
    expect(text(roundToMinor(price('1.2345', 'KWD')))).toBe('1.235');
    expect(text(roundToMinor(price('1.2344', 'KWD')))).toBe('1.234');
  });

  it('takes percentages of amounts: tax 19 %, a discount of 12.5 %', () => {
    expect(text(percentOf(eur('100.00'), '19'))).toBe('19.00');
    expect(text(percentOf(eur('19.99'), '19'))).toBe('3.80'); // 3.7981
    expect(text(percentOf(eur('0.10'), '5'))).toBe('0.01'); // 0.005: the tie rounds up
    expect(text(percentOf(eur('0.09'), '5'))).toBe('0.00'); // 0.0045
    expect(text(percentOf(eur('10.00'), '12.5'))).toBe('1.25');
    expect(text(percentOf(eur('0.99'), '12.5'))).toBe('0.12'); // 0.12375
    expect(text(percentOf(eur('-0.10'), '5'))).toBe('-0.01');
    expect(text(percentOf(parseMoney('1999', 'JPY'), '10'))).toBe('200'); // 199.9
    expect(text(percentOf(parseMoney('1.005', 'KWD'), '50'))).toBe('0.503'); // 0.5025
    for (const bad of ['19%', '-5', '1e2', '0.12345', '', '19.']) {
      expect(() => percentOf(eur('1'), bad), bad).toThrow(/percentage/);
    }
  });
});

describe('comparisons', () => {
  it('compares, tests sign and picks the smallest and largest', () => {
    expect(compare(eur('10.00'), eur('9.99'))).toBe(1);
    expect(compare(eur('9.99'), eur('10'))).toBe(-1);
    expect(compare(eur('10'), eur('10.00'))).toBe(0);
    expect(equals(eur('10'), eur('10.00'))).toBe(true);
    expect(equals(eur('10'), parseMoney('10', 'USD'))).toBe(false);
    expect([isZero(zero('EUR')), isZero(eur('0.01'))]).toEqual([true, false]);
    expect([isNegative(eur('-0.01')), isNegative(zero('EUR'))]).toEqual([true, false]);
    expect([isPositive(eur('0.01')), isPositive(zero('EUR'))]).toEqual([true, false]);
    expect(text(min(eur('3'), eur('-1'), eur('2')))).toBe('-1.00');
    expect(text(max(eur('3'), eur('-1'), eur('2')))).toBe('3.00');
  });
});

describe('allocation (largest remainder)', () => {
  it('splits a total by weights so the shares add up exactly', () => {
    const shares = (total: string, weights: (string | bigint)[]) =>
      allocate(
        eur(total),
        weights.map((w) => (typeof w === 'bigint' ? w : eur(w))),
      ).map(text);
    expect(shares('100.00', [1n, 1n, 1n])).toEqual(['33.34', '33.33', '33.33']);
    expect(shares('10.00', ['30.00', '50.00', '20.00'])).toEqual(['3.00', '5.00', '2.00']);
    expect(shares('0.05', [1n, 1n, 1n, 1n])).toEqual(['0.02', '0.01', '0.01', '0.01']);
    // 1.00 × (1/6, 2/6, 3/6) = 0.1666.., 0.333.., 0.5: the largest remainder (line 1) gets the cent
    expect(shares('1.00', [1n, 2n, 3n])).toEqual(['0.17', '0.33', '0.50']);
    expect(shares('-100.00', [1n, 1n, 1n])).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(shares('0.03', [0n, 0n, 0n])).toEqual(['0.01', '0.01', '0.01']);
    expect(shares('5.00', [0n, 1n])).toEqual(['0.00', '5.00']);
    expect(allocate(parseMoney('100', 'JPY'), [1n, 1n, 1n]).map(text)).toEqual(['34', '33', '33']);
  });

  it('refuses what it cannot split exactly', () => {
    expect(() => allocate(price('0.0125'), [1n])).toThrow(/round it first/);
    expect(() => allocate(eur('1'), [])).toThrow(/no lines/);
    expect(() => allocate(eur('1'), [1n, -1n])).toThrow(/negative/);
    expect(() => allocate(eur('1'), [parseMoney('1', 'USD')])).toThrow(/USD/);
  });
});

describe('properties', () => {
  const currency = fc.constantFrom('EUR', 'JPY', 'KWD');
  const minor = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n });

  it('the shares of an allocation always sum to the total, each within one minor unit of its exact part', () => {
    fc.assert(
      fc.property(
        currency,
        minor,
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 30 }),
        (cur, totalMinor, weights) => {
          const total = fromMinorUnits(totalMinor, cur);
          const shares = allocate(total, weights);
          expect(shares).toHaveLength(weights.length);
          expect(sum(shares, cur)).toEqual(total);
          const weightSum = weights.reduce((a, b) => a + b, 0n);
          if (weightSum === 0n) return;
          shares.forEach((share, i) => {
            // |share × W − total × w| < W (in minor units): never off by a whole unit or more
            const diff = toMinorUnits(share) * weightSum - totalMinor * (weights[i] ?? 0n);
            expect(diff < weightSum && -diff < weightSum).toBe(true);
          });
        },
      ),
    );
  });

  it('subtracting what was added gives the original amount back', () => {
    fc.assert(
      fc.property(currency, minor, minor, (cur, a, b) => {
        const x = fromMinorUnits(a, cur);
        const y = fromMinorUnits(b, cur);
        expect(subtract(add(x, y), y)).toEqual(x);
        expect(add(subtract(x, y), y)).toEqual(x);
      }),
    );
  });

  it('formatting and parsing are inverse for every amount in the API range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }), (units) => {
        const m = { units, currency: 'EUR' };
        expect(parseMoney(formatAmount(m), 'EUR', { precision: 'price' })).toEqual(m);
      }),
    );
  });

  it('rounds x.xx5 up and x.xx4999 down for any whole-cent part', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (cents) => {
        const base = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
        const up = roundToMinor(price(`${base}50`));
        const down = roundToMinor(price(`${base}49`));
        expect(toMinorUnits(up)).toBe(cents + 1n);
        expect(toMinorUnits(down)).toBe(cents);
      }),
    );
  });
});
