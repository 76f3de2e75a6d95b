/**
 * Splitting a total over lines (an order discount or shipping over its lines, by line total) so
 * that the shares add up to the total exactly: largest remainder method in minor units.
 */
import { type Money, toMinorUnits, unitsPerMinor } from './money.ts';

function weightOf(weight: Money | bigint, total: Money): bigint {
  if (typeof weight === 'bigint') return weight;
  if (weight.currency !== total.currency) {
    throw new RangeError(`cannot weigh ${total.currency} by ${weight.currency} amounts`);
  }
  return weight.units;
}

/**
 * Shares of `total` proportional to `weights` (amounts or bigints, none negative), each a whole
 * number of minor units, summing to `total` exactly. Each share is its proportional part rounded
 * down; the minor units left over go one each to the largest remainders, earlier lines first on a
 * tie. When every weight is zero the total is split evenly. A negative total splits like its
 * magnitude, negated. `total` must be whole minor units (`roundToMinor` it first).
 */
export function allocate(total: Money, weights: readonly (Money | bigint)[]): Money[] {
  if (weights.length === 0) throw new RangeError('cannot allocate over no lines');
  const raw = weights.map((w) => weightOf(w, total));
  if (raw.some((w) => w < 0n)) throw new RangeError('allocation weights must not be negative');
  const effective = raw.every((w) => w === 0n) ? raw.map(() => 1n) : raw;
  const weightSum = effective.reduce((a, b) => a + b, 0n);

  const totalMinor = toMinorUnits(total);
  const negative = totalMinor < 0n;
  const magnitude = negative ? -totalMinor : totalMinor;

  const shares = effective.map((w) => (magnitude * w) / weightSum);
  const remainders = effective.map((w, index) => ({ index, remainder: (magnitude * w) % weightSum }));
  let left = magnitude - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  const step = unitsPerMinor(total.currency);
  return shares.map((share) => ({ units: (negative ? -share : share) * step, currency: total.currency }));
}
