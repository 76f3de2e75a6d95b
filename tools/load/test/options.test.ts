import { describe, expect, it } from 'vitest';
import { defaultMix } from '../src/mix.ts';
import { LoadOptionsError, parseLoadOptions } from '../src/options.ts';

describe('load options', () => {
  it('defaults to the full size: steps 5..100 of 10 s, the default mix, target 200 ms, everything on', () => {
    expect(parseLoadOptions([])).toMatchObject({
      steps: [5, 10, 20, 50, 100],
      stepSeconds: 10,
      mix: defaultMix,
      targetMs: 200,
      ceiling: true,
      proxy: true,
      proxySeconds: 10,
      proxyConnections: 50,
      portOffset: 40_600,
      lbPort: 43_620,
    });
  });

  it('takes a small run', () => {
    const o = parseLoadOptions(['--steps', '2,5', '--step-seconds', '3', '--no-proxy', '--mix', 'search=1']);
    expect(o).toMatchObject({ steps: [2, 5], stepSeconds: 3, proxySeconds: 3, proxy: false, ceiling: true });
    expect(o.mix.search).toBe(1);
    expect(o.mix.checkout).toBe(0);
  });

  it.each([
    [['--steps', '0,5'], /--steps must be an integer from 1 to 500/],
    [['--steps', '5,abc'], /--steps/],
    [['--steps', '1000'], /--steps/],
    [['--step-seconds', '3600'], /--step-seconds must be an integer from 1 to 300/],
    [['--mix', 'basket=1'], /--mix: unknown route/],
    [['--steps', Array.from({ length: 21 }, () => '1').join(',')], /at most 20 steps/],
    [['--duration', '3'], /Unknown option/],
  ])('refuses %j (unbounded or unknown)', (argv, message) => {
    expect(() => parseLoadOptions(argv)).toThrow(LoadOptionsError);
    expect(() => parseLoadOptions(argv)).toThrow(message);
  });
});
