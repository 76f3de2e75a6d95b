import { describe, expect, it } from 'vitest';
import { parseSoakOptions, UsageError } from '../src/options.ts';

describe('soak options', () => {
  it('defaults to 10,000 orders, bounded by a time limit', () => {
    expect(parseSoakOptions([])).toMatchObject({ orders: 10_000, rate: 8, concurrency: 8, maxMinutes: 60 });
  });

  it('takes the flags', () => {
    expect(
      parseSoakOptions(['--orders', '300', '--rate', '2.5', '--concurrency', '2', '--max-minutes', '10']),
    ).toMatchObject({
      orders: 300,
      rate: 2.5,
      concurrency: 2,
      maxMinutes: 10,
    });
  });

  it.each([
    [['--orders', '0']],
    [['--orders', '1.5']],
    [['--rate', 'fast']],
    [['--concurrency', '100']],
    [['--max-minutes', '0']],
    [['--unknown']],
  ])('refuses %o', (argv) => {
    expect(() => parseSoakOptions(argv)).toThrow(UsageError);
  });
});
