/**
 * The traffic mix: which kind of request a simulated person sends next. Weights, not a script:
 * a B2B day is mostly looking (search, product pages, category lists) and a little buying.
 */

export const routeNames = ['search', 'product', 'category', 'cart', 'checkout'] as const;
export type RouteName = (typeof routeNames)[number];

/** Share of each route in percent (any positive numbers: they are normalised). */
export type Mix = Readonly<Record<RouteName, number>>;

export const defaultMix: Mix = { search: 40, product: 30, category: 15, cart: 10, checkout: 5 };

export class MixError extends Error {}

/**
 * `search=40,product=30,...`: every route named once, weights non-negative integers, at least one
 * above zero. A route left out gets 0 (so `--mix search=1` loads search only).
 */
export function parseMix(spec: string): Mix {
  const mix: Record<RouteName, number> = { search: 0, product: 0, category: 0, cart: 0, checkout: 0 };
  const seen = new Set<string>();
  for (const part of spec.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match) throw new MixError(`mix entry "${part}" is not <route>=<weight>`);
    const [, name = '', weight = ''] = match;
    if (!(routeNames as readonly string[]).includes(name))
      throw new MixError(`unknown route "${name}" in the mix (routes: ${routeNames.join(', ')})`);
    if (seen.has(name)) throw new MixError(`route "${name}" appears twice in the mix`);
    seen.add(name);
    mix[name as RouteName] = Number(weight);
  }
  if (routeNames.every((name) => mix[name] === 0)) throw new MixError('the mix has no route with weight > 0');
  return mix;
}

/**
 * A chooser over the mix: `random` in [0, 1) → a route, each with probability weight / total.
 * Takes the random source so tests can pin it and the run can seed it.
 */
export function createMixChooser(mix: Mix, random: () => number = Math.random): () => RouteName {
  const total = routeNames.reduce((sum, name) => sum + mix[name], 0);
  if (!(total > 0)) throw new MixError('the mix has no route with weight > 0');
  // Upper bounds of each route's interval in [0, total); zero-weight routes get an empty one.
  const bounds: { name: RouteName; upTo: number }[] = [];
  let upTo = 0;
  for (const name of routeNames) {
    if (mix[name] <= 0) continue;
    upTo += mix[name];
    bounds.push({ name, upTo });
  }
  return () => {
    const point = random() * total;
    for (const bound of bounds) if (point < bound.upTo) return bound.name;
    // random() === 1 (out of contract) or rounding at the top: the last route with weight.
    return bounds[bounds.length - 1]!.name;
  };
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence of choices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
