import { describe, expect, it } from 'vitest';
import { createMixChooser, defaultMix, MixError, parseMix, routeNames, seededRandom } from '../src/mix.ts';

describe('the mix chooser', () => {
  it('gives each route its share of the choices (default mix, 20,000 seeded draws)', () => {
    const choose = createMixChooser(defaultMix, seededRandom(42));
    const counts = Object.fromEntries(routeNames.map((r) => [r, 0])) as Record<string, number>;
    const draws = 20_000;
    for (let i = 0; i < draws; i++) counts[choose()]! += 1;
    // Within 1.5 percentage points of 40/30/15/10/5 (binomial σ at n=20k is < 0.35 points).
    expect(counts.search! / draws).toBeCloseTo(0.4, 1);
    for (const [route, share] of Object.entries({
      search: 40,
      product: 30,
      category: 15,
      cart: 10,
      checkout: 5,
    }))
      expect(Math.abs((counts[route]! / draws) * 100 - share), route).toBeLessThan(1.5);
  });

  it('maps the random number onto the weight intervals, in route order', () => {
    const at = (r: number) => createMixChooser(defaultMix, () => r)();
    expect(at(0)).toBe('search');
    expect(at(0.3999)).toBe('search');
    expect(at(0.4)).toBe('product');
    expect(at(0.85)).toBe('cart');
    expect(at(0.95)).toBe('checkout');
    expect(at(0.999999)).toBe('checkout');
  });

  it('never chooses a route of weight 0, and chooses the only one left', () => {
    const onlySearch = createMixChooser(parseMix('search=1'), seededRandom(1));
    for (let i = 0; i < 1_000; i++) expect(onlySearch()).toBe('search');
    // Control: with the weight back the route does get chosen.
    const choose = createMixChooser(parseMix('search=1,checkout=1'), seededRandom(1));
    const seen = new Set(Array.from({ length: 100 }, choose));
    expect(seen).toEqual(new Set(['search', 'checkout']));
  });

  it('repeats its choices for the same seed and differs for another', () => {
    const draw = (seed: number) =>
      Array.from({ length: 50 }, createMixChooser(defaultMix, seededRandom(seed)));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });
});

describe('parseMix', () => {
  it('reads weights, leaving routes not named at 0', () => {
    expect(parseMix('search=40, product=30,cart=10')).toEqual({
      search: 40,
      product: 30,
      category: 0,
      cart: 10,
      checkout: 0,
    });
  });

  it.each([
    ['search=40,basket=5', /unknown route "basket"/],
    ['search=40,search=10', /twice/],
    ['search=-1', /not <route>=<weight>/],
    ['search=1.5', /not <route>=<weight>/],
    ['search=0,cart=0', /no route with weight > 0/],
    ['', /not <route>=<weight>/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseMix(spec)).toThrow(MixError);
    expect(() => parseMix(spec)).toThrow(message);
  });

  it('refuses a chooser over a mix without weight', () => {
    expect(() => createMixChooser({ search: 0, product: 0, category: 0, cart: 0, checkout: 0 })).toThrow(
      MixError,
    );
  });
});
