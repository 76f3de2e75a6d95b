/** `npm run load -- [options]`: every limit of the run is bounded and has a default. */
import { parseArgs } from 'node:util';
import { defaultMix, type Mix, parseMix } from './mix.ts';

export interface LoadOptions {
  readonly steps: readonly number[];
  readonly stepSeconds: number;
  readonly mix: Mix;
  readonly targetMs: number;
  readonly ceiling: boolean;
  readonly proxy: boolean;
  readonly proxySeconds: number;
  readonly proxyConnections: number;
  /** Service ports are the catalogue's + this; the load balancer and database get their own. */
  readonly portOffset: number;
  readonly lbPort: number;
  readonly dbPort: number;
  /** First of the three ports of the proxy bench; the ceiling uses the one after them. */
  readonly benchPort: number;
  readonly seed: number;
  readonly help: boolean;
}

export class LoadOptionsError extends Error {}

export const limits = { maxConcurrency: 500, maxStepSeconds: 300, maxSteps: 20 } as const;

export const usage = `Usage: npm run load -- [options]

  --steps <list>          concurrencies, in order (default 5,10,20,50,100; at most ${limits.maxSteps}, each 1..${limits.maxConcurrency})
  --step-seconds <n>      length of each step, and of the ceiling next to it (default 10, at most ${limits.maxStepSeconds})
  --mix <spec>            route weights (default search=40,product=30,category=15,cart=10,checkout=5)
  --target-ms <n>         the p95 whose crossing is the knee (default 200, the seed's target)
  --no-ceiling            leave out the bare-Fastify ceiling
  --no-proxy              leave out the gateway-vs-nginx comparison
  --proxy-seconds <n>     seconds per case of the proxy bench (default: --step-seconds)
  --proxy-connections <n> connections of the proxy bench (default 50)
  --port-offset <n>       added to the catalogue's service ports (default 40600: 43600-43608)
  --lb-port <n>           the platform's load balancer (default 43620)
  --db-port <n>           its embedded database (default 43621)
                          (when one of them is taken, all three are tried again 40 higher)
  --bench-port <n>        proxy bench ports n..n+2, the ceiling n+3 (default 43630; again 40, 50 higher when taken)
  --seed <n>              seed of the mix's random choices (default 1)`;

function integer(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max)
    throw new LoadOptionsError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function parseLoadOptions(argv: readonly string[]): LoadOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        steps: { type: 'string' },
        'step-seconds': { type: 'string' },
        mix: { type: 'string' },
        'target-ms': { type: 'string' },
        'no-ceiling': { type: 'boolean' },
        'no-proxy': { type: 'boolean' },
        'proxy-seconds': { type: 'string' },
        'proxy-connections': { type: 'string' },
        'port-offset': { type: 'string' },
        'lb-port': { type: 'string' },
        'db-port': { type: 'string' },
        'bench-port': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new LoadOptionsError(`${(err as Error).message}\n\n${usage}`);
  }
  const str = (name: string) => values[name] as string | undefined;
  const stepsRaw = str('steps') ?? '5,10,20,50,100';
  const steps = stepsRaw.split(',').map((s) => integer(s, 0, 'steps', 1, limits.maxConcurrency));
  if (steps.length > limits.maxSteps) throw new LoadOptionsError(`--steps: at most ${limits.maxSteps} steps`);
  const stepSeconds = integer(str('step-seconds'), 10, 'step-seconds', 1, limits.maxStepSeconds);
  let mix = defaultMix;
  try {
    if (str('mix') !== undefined) mix = parseMix(str('mix')!);
  } catch (err) {
    throw new LoadOptionsError(`--mix: ${(err as Error).message}`);
  }
  return {
    steps,
    stepSeconds,
    mix,
    targetMs: integer(str('target-ms'), 200, 'target-ms', 1, 60_000),
    ceiling: values['no-ceiling'] !== true,
    proxy: values['no-proxy'] !== true,
    proxySeconds: integer(str('proxy-seconds'), stepSeconds, 'proxy-seconds', 1, limits.maxStepSeconds),
    proxyConnections: integer(str('proxy-connections'), 50, 'proxy-connections', 1, limits.maxConcurrency),
    portOffset: integer(str('port-offset'), 40_600, 'port-offset', 0, 60_000),
    lbPort: integer(str('lb-port'), 43_620, 'lb-port', 1, 65_535),
    dbPort: integer(str('db-port'), 43_621, 'db-port', 1, 65_535),
    benchPort: integer(str('bench-port'), 43_630, 'bench-port', 1, 65_532),
    seed: integer(str('seed'), 1, 'seed', 0, 2 ** 31),
    help: values.help === true,
  };
}
