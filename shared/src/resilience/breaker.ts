import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import { isClientError } from './http-status.ts';
import { libraryLogger } from './log.ts';

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export interface BreakerOptions<A extends unknown[], R> {
  /** A call slower than this fails (and counts as a failure). `false` disables the timeout. */
  timeoutMs: number | false;
  /** Calls in the rolling window before the error rate can open the breaker. */
  volumeThreshold: number;
  /** Error rate (percent) above which the breaker opens. */
  errorThresholdPercentage: number;
  /** How long the breaker stays open before letting one trial call through (half-open). */
  resetTimeoutMs: number;
  /** Rolling window for the error statistics; default 10 s. */
  rollingWindowMs?: number;
  /** Answer used instead of failing, while open or after a failure (e.g. a cached value). */
  fallback?: (...argsAndError: [...A, Error]) => R | Promise<R>;
  logger?: Logger;
}

/** An open breaker: the downstream is failing and is not called until the reset timeout passes. */
export class BreakerOpenError extends AppError {
  readonly breaker: string;
  readonly retryAfterSeconds: number;
  constructor(breaker: string, retryAfterSeconds: number) {
    super({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      detail: `${breaker} is unavailable, try again later`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
    this.name = 'BreakerOpenError';
    this.breaker = breaker;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface Breaker<A extends unknown[], R> {
  readonly name: string;
  fire(...args: A): Promise<R>;
  state(): BreakerState;
  /** Stops the breaker's timers and removes it from the registry. */
  shutdown(): void;
}

/** Live breakers; names are unique per downstream in a service (tests may build several apps at once). */
const registry = new Set<Breaker<never[], unknown>>();

/** State of every live breaker, for readiness checks and logs. */
export function breakerStates(): { name: string; state: BreakerState }[] {
  return [...registry].map((b) => ({ name: b.name, state: b.state() }));
}

function stateOf(cb: CircuitBreaker): BreakerState {
  if (cb.halfOpen) return 'halfOpen';
  return cb.opened ? 'open' : 'closed';
}

/**
 * One named breaker per downstream. Errors that are the caller's fault (4xx) pass through without
 * counting; an open breaker rejects at once with `BreakerOpenError` (503 + retry-after).
 */
export function createBreaker<A extends unknown[], R>(
  name: string,
  action: (...args: A) => Promise<R>,
  opts: BreakerOptions<A, R>,
): Breaker<A, R> {
  const log = (opts.logger ?? libraryLogger).child({ breaker: name });
  const cb = new CircuitBreaker<A, R>(action, {
    name,
    timeout: opts.timeoutMs,
    volumeThreshold: opts.volumeThreshold,
    errorThresholdPercentage: opts.errorThresholdPercentage,
    resetTimeout: opts.resetTimeoutMs,
    rollingCountTimeout: opts.rollingWindowMs ?? 10_000,
    errorFilter: (err: unknown) => isClientError(err),
    // The platform reads only the breaker's state: opossum's latency percentiles (a sort of the
    // whole rolling window) and per-second snapshot events cost CPU on every busy breaker — the
    // gateway fires one per proxied request — for numbers nobody reads.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  });
  let halfOpensAt = 0;
  cb.on('open', () => {
    halfOpensAt = Date.now() + opts.resetTimeoutMs;
    log.warn({ state: 'open', resetTimeoutMs: opts.resetTimeoutMs }, 'circuit breaker opened');
  });
  cb.on('halfOpen', () => log.info({ state: 'halfOpen' }, 'circuit breaker half-open'));
  cb.on('close', () => log.info({ state: 'closed' }, 'circuit breaker closed'));

  const openError = () =>
    new BreakerOpenError(name, Math.max(1, Math.ceil((halfOpensAt - Date.now()) / 1000)));

  if (opts.fallback) {
    const fallback = opts.fallback;
    cb.fallback((...argsAndError: unknown[]) => {
      const err = argsAndError.at(-1);
      const mapped = isOpenRejection(err) ? openError() : (err as Error);
      return fallback(...([...argsAndError.slice(0, -1), mapped] as [...A, Error]));
    });
  }

  const breaker: Breaker<A, R> = {
    name,
    async fire(...args: A): Promise<R> {
      try {
        return await cb.fire(...args);
      } catch (err) {
        if (isOpenRejection(err)) throw openError();
        if (isTimeout(err)) {
          throw new AppError({
            status: 504,
            code: 'UPSTREAM_TIMEOUT',
            detail: `${name} did not answer in time`,
            cause: err,
          });
        }
        throw err;
      }
    },
    state: () => stateOf(cb),
    shutdown() {
      cb.shutdown();
      registry.delete(breaker as unknown as Breaker<never[], unknown>);
    },
  };
  registry.add(breaker as unknown as Breaker<never[], unknown>);
  return breaker;
}

function isOpenRejection(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'EOPENBREAKER';
}

function isTimeout(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ETIMEDOUT';
}
