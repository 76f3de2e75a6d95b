/**
 * Restart policy for crashed services: exponential backoff so a service that crashes at start-up
 * does not spin the CPU, reset once it has stayed up long enough to count as healthy again.
 */
export interface BackoffPolicy {
  /** Delay before the first restart. */
  readonly initialMs: number;
  /** Upper bound of any delay. */
  readonly maxMs: number;
  /** A run at least this long resets the attempt counter. */
  readonly stableAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 500, maxMs: 30_000, stableAfterMs: 30_000 };

/** Delay before restart number `attempt` (1-based): initial, 2×, 4×, ... capped at maxMs. */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  // Cap the exponent before Math.pow so huge attempt counts cannot overflow to Infinity.
  const factor = 2 ** Math.min(exponent, 30);
  return Math.min(policy.maxMs, policy.initialMs * factor);
}

/** Tracks consecutive crashes of one service. */
export class RestartBackoff {
  private attempts = 0;

  constructor(private readonly policy: BackoffPolicy = defaultBackoff) {}

  /** Record a crash after a run of `uptimeMs` and return how long to wait before restarting. */
  nextDelay(uptimeMs: number): number {
    if (uptimeMs >= this.policy.stableAfterMs) this.attempts = 0;
    this.attempts += 1;
    return backoffDelay(this.policy, this.attempts);
  }

  get attempt(): number {
    return this.attempts;
  }
}
