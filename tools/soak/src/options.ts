/** `npm run soak -- …` flags: bounded by construction (an order count, a time limit). */
import { parseArgs } from 'node:util';

export interface SoakOptions {
  readonly orders: number;
  /** Checkouts started per second. */
  readonly rate: number;
  /** Buyers, each with one checkout in flight at a time. */
  readonly concurrency: number;
  /** The whole run, start-up and final checks included, stops by this. */
  readonly maxMinutes: number;
  /** How often every process's RSS is read. */
  readonly sampleMs: number;
  readonly keep: boolean;
  readonly help: boolean;
}

export const usage = `usage: npm run soak -- [--orders N] [--rate N] [--concurrency N] [--max-minutes N] [--sample-ms N] [--keep]
  --orders       orders through the saga (default 10000)
  --rate         checkouts started per second (default 8)
  --concurrency  buyers, one checkout in flight each (default 8; the gateway allows a user 600 requests a minute)
  --max-minutes  the whole run stops by then, failed if not done (default 60)
  --sample-ms    RSS sampling interval (default 1000)
  --keep         keep the temporary work directory (database, platform.log)`;

export class UsageError extends Error {}

export function parseSoakOptions(argv: readonly string[]): SoakOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        orders: { type: 'string' },
        rate: { type: 'string' },
        concurrency: { type: 'string' },
        'max-minutes': { type: 'string' },
        'sample-ms': { type: 'string' },
        keep: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = values[name];
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new UsageError(`--${name} takes a number from ${min} to ${max}`);
    return n;
  };
  const whole = (name: string, fallback: number, min: number, max: number) => {
    const n = number(name, fallback, min, max);
    if (!Number.isInteger(n)) throw new UsageError(`--${name} takes a whole number`);
    return n;
  };
  return {
    orders: whole('orders', 10_000, 1, 1_000_000),
    rate: number('rate', 8, 0.1, 1_000),
    concurrency: whole('concurrency', 8, 1, 16),
    maxMinutes: number('max-minutes', 60, 1, 24 * 60),
    sampleMs: whole('sample-ms', 1_000, 100, 60_000),
    keep: values.keep === true,
    help: values.help === true,
  };
}
