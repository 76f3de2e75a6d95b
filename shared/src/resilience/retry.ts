import { BreakerOpenError } from './breaker.ts';
import { isClientError } from './http-status.ts';

export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` calls). */
  retries: number;
  /** Backoff cap of the first retry; doubles each retry. */
  baseMs: number;
  /** Upper bound of any single wait. */
  maxMs: number;
  /** Which errors are worth another try; default: all but open breakers and 4xx. */
  isRetryable?: (err: unknown) => boolean;
  /** Called before each wait, e.g. to log or to observe the backoff in tests. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Source of randomness in [0, 1); injectable for deterministic tests. */
  random?: () => number;
}

/** Default: retry transient failures only. An open breaker or the caller's own mistake won't change. */
function isTransient(err: unknown): boolean {
  return !(err instanceof BreakerOpenError) && !isClientError(err);
}

/**
 * Calls `fn` until it succeeds, with full-jitter exponential backoff: the n-th wait is uniform in
 * [0, min(maxMs, baseMs * 2^n)). Only for idempotent calls, and outside the breaker
 * (`retry(() => breaker.fire())`), so an open breaker ends the loop at once.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const isRetryable = opts.isRetryable ?? isTransient;
  const random = opts.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !isRetryable(err)) throw err;
      const cap = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
      const delayMs = Math.floor(random() * cap);
      opts.onRetry?.({ attempt: attempt + 1, delayMs, error: err });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
