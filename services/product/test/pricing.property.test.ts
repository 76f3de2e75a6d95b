/** Property-based tests of the price-resolution rules and tier boundaries (fast-check). */
import { toStoredMoney } from '@b2b/shared/db';
import { type Money, multiply, roundToMinor } from '@b2b/shared/money';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredMoney } from '../src/domain/model.ts';
import { lineTotal, priceSchedule, quantityViolations, unitPriceAt } from '../src/domain/pricing.ts';

/** Prices in units of 10^-4 (4 decimals, as the API allows for unit prices). */
const stored = (units: bigint, currency = 'EUR'): StoredMoney => toStoredMoney({ units, currency });

const units = fc.bigInt({ min: 1n, max: 10_000_000n });
const quantity = fc.integer({ min: 1, max: 100_000 });
/** Tiers with distinct minimum quantities, in any order. */
const tiers = fc.uniqueArray(fc.record({ minQuantity: fc.integer({ min: 1, max: 50_000 }), units }), {
  selector: (t) => t.minQuantity,
  maxLength: 8,
});

const productWith = (base: bigint, ts: { minQuantity: number; units: bigint }[]) => ({
  listPrice: stored(base),
  priceTiers: ts.map((t) => ({ minQuantity: t.minQuantity, price: stored(t.units) })),
});

/** The rule, stated differently: the qualifying tier with the largest minimum, else the base. */
function oracle(base: bigint, ts: { minQuantity: number; units: bigint }[], q: number): bigint {
  const qualifying = ts.filter((t) => t.minQuantity <= q);
  if (qualifying.length === 0) return base;
  return qualifying.reduce((best, t) => (t.minQuantity > best.minQuantity ? t : best)).units;
}

describe('price resolution', () => {
  it('the unit price is the qualifying tier with the largest minimum quantity, else the base price', () => {
    fc.assert(
      fc.property(units, tiers, quantity, (base, ts, q) => {
        const unit = unitPriceAt(priceSchedule(productWith(base, ts)), q);
        expect(unit).toEqual({ units: oracle(base, ts, q), currency: 'EUR' });
      }),
    );
  });

  it('at a tier boundary the tier applies; one unit below, it does not', () => {
    fc.assert(
      fc.property(
        units,
        tiers.filter((ts) => ts.length > 0),
        (base, ts) => {
          const schedule = priceSchedule(productWith(base, ts));
          for (const tier of ts) {
            expect(unitPriceAt(schedule, tier.minQuantity).units).toBe(tier.units);
            expect(unitPriceAt(schedule, tier.minQuantity - 1).units).toBe(
              oracle(base, ts, tier.minQuantity - 1),
            );
          }
        },
      ),
    );
  });

  it('line totals are the unit price times the quantity, rounded half-up to the cent (bigint, no floats)', () => {
    fc.assert(
      fc.property(units, tiers, quantity, (base, ts, q) => {
        const schedule = priceSchedule(productWith(base, ts));
        const total: Money = lineTotal(schedule, q);
        const exact = unitPriceAt(schedule, q).units * BigInt(q);
        expect(total).toEqual(roundToMinor(multiply(unitPriceAt(schedule, q), q)));
        // Whole cents, and never more than half a cent away from the exact product.
        expect(total.units % 100n).toBe(0n);
        const diff = total.units - exact;
        expect(diff <= 50n && diff > -50n).toBe(true);
        expect(total.currency).toBe('EUR');
      }),
    );
  });

  it('a price-list entry in the product currency replaces the product tiers entirely', () => {
    fc.assert(
      fc.property(units, tiers, units, tiers, quantity, (base, productTiers, entryBase, entryTiers, q) => {
        const entry = {
          price: stored(entryBase),
          tiers: entryTiers.map((t) => ({ minQuantity: t.minQuantity, price: stored(t.units) })),
        };
        const schedule = priceSchedule(productWith(base, productTiers), entry);
        expect(schedule.source).toBe('price_list');
        expect(unitPriceAt(schedule, q).units).toBe(oracle(entryBase, entryTiers, q));
      }),
    );
  });

  it('an entry in another currency is ignored: the product prices apply', () => {
    fc.assert(
      fc.property(units, tiers, units, quantity, (base, productTiers, entryBase, q) => {
        const schedule = priceSchedule(productWith(base, productTiers), {
          price: stored(entryBase, 'USD'),
          tiers: [],
        });
        expect(schedule.source).toBe('product');
        expect(unitPriceAt(schedule, q).units).toBe(oracle(base, productTiers, q));
      }),
    );
  });

  it('with prices falling as tiers rise, buying more never costs more per unit', () => {
    const falling = tiers.map((ts) => {
      const sorted = [...ts].sort((a, b) => a.minQuantity - b.minQuantity);
      return sorted.map((t, i) => ({ ...t, units: BigInt(1_000_000 - i * 1000) }));
    });
    fc.assert(
      fc.property(falling, quantity, quantity, (ts, q1, q2) => {
        const schedule = priceSchedule(productWith(2_000_000n, ts));
        const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
        expect(unitPriceAt(schedule, hi).units <= unitPriceAt(schedule, lo).units).toBe(true);
      }),
    );
  });
});

describe('quantity rules', () => {
  it('flags quantities below the minimum and off the multiple, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 50 }),
        quantity,
        (moq, multiple, q) => {
          const v = quantityViolations({ minOrderQuantity: moq, orderMultiple: multiple }, q);
          expect(v.includes('below_minimum')).toBe(q < moq);
          expect(v.includes('not_multiple')).toBe(q % multiple !== 0);
        },
      ),
    );
  });
});
