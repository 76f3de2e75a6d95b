import { describe, expect, it } from 'vitest';
import { CountCache } from '../src/repositories/count-cache.ts';

describe('CountCache (list totals)', () => {
  it('counts a filter once per ttl, again after it, and at once after a write', async () => {
    let now = 0;
    let counts = 0;
    const cache = new CountCache(5000, 10, () => now);
    const count = async () => ++counts;
    expect(await cache.get('a', count)).toBe(1);
    now = 4999;
    expect(await cache.get('a', count)).toBe(1);
    expect(await cache.get('b', count)).toBe(2); // another filter has its own count
    now = 5000;
    expect(await cache.get('a', count)).toBe(3);
    cache.clear();
    expect(await cache.get('a', count)).toBe(4);
  });

  it('shares one count among concurrent requests and does not keep a failed one', async () => {
    let counts = 0;
    let release: (n: number) => void = () => {};
    const cache = new CountCache(5000);
    const slow = () => {
      counts++;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const all = Promise.all(Array.from({ length: 20 }, () => cache.get('a', slow)));
    release(42);
    expect(await all).toEqual(Array(20).fill(42));
    expect(counts).toBe(1);

    await expect(cache.get('f', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('f', async () => 7)).toBe(7);
  });

  it('forgets the oldest filter beyond its capacity', async () => {
    let counts = 0;
    const cache = new CountCache(5000, 2);
    const count = async () => ++counts;
    await cache.get('a', count);
    await cache.get('b', count);
    await cache.get('c', count); // drops a
    expect(await cache.get('b', count)).toBe(2);
    expect(await cache.get('a', count)).toBe(4);
  });
});
