import { ShortLivedCache } from '@b2b/shared/cache';
import { describe, expect, it } from 'vitest';

describe('ShortLivedCache (catalog answers, list totals, search price quotes)', () => {
  it('keeps at most maxEntries, dropping the oldest', async () => {
    let loads = 0;
    const cache = new ShortLivedCache<string>(60_000, 2);
    const load = (v: string) => async () => {
      loads++;
      return v;
    };
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('c', load('c')); // drops a
    expect(cache.size).toBe(2);
    expect(await cache.get('b', load('b2'))).toBe('b'); // still kept
    expect(await cache.get('a', load('a2'))).toBe('a2'); // loaded again
    expect(loads).toBe(4);
  });

  it('does not hand out a load that was in flight when clear() ran, and forgets one key', async () => {
    let release: (v: string) => void = () => {};
    const cache = new ShortLivedCache<string>(60_000, 10);
    const slow = cache.get(
      'k',
      () =>
        new Promise<string>((resolve) => {
          release = resolve;
        }),
    );
    cache.clear(); // a write committed while the read was in flight
    const fresh = cache.get('k', async () => 'after the write');
    release('before the write');
    expect(await slow).toBe('before the write'); // its own caller gets it...
    expect(await fresh).toBe('after the write'); // ...nobody after the write does
    expect(await cache.get('k', async () => 'unused')).toBe('after the write');
    cache.forget('k');
    expect(await cache.get('k', async () => 'reloaded')).toBe('reloaded');
  });

  it('with ttl 0 keeps nothing', async () => {
    let loads = 0;
    const cache = new ShortLivedCache<number>(0, 10);
    await cache.get('a', async () => ++loads);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
    expect(cache.size).toBe(0);
  });
});
