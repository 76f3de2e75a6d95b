/**
 * When a message whose handler failed comes back. By default after the visibility timeout (30 s),
 * as SQS does: a failure of unknown cause (a provider down, a bug) should not burn the five
 * receives in seconds. But some failures only say "not now, in a moment": another delivery of the
 * same event holds the side-effect claim (it will be `done` shortly), or a transaction lost a write
 * race. Waiting a whole visibility timeout for those made a saga step take 30 s+ on a loaded
 * machine; they come back after about a second instead, doubling per receive.
 */
import { MongoError } from 'mongodb';
import { SideEffectInProgressError } from './side-effects.ts';

/** First redelivery of a "retry soon" failure; doubles per receive (1, 2, 4, 8 s). */
export const RETRY_SOON_BASE_MS = 1_000;

/** WriteConflict: a concurrent writer won; the next attempt sees its write. */
const WRITE_CONFLICT = 112;

/** Whether `err` says the same message will very likely succeed in a moment. */
export function isRetrySoon(err: unknown): boolean {
  if (err instanceof SideEffectInProgressError) return true;
  if (err instanceof MongoError) {
    return err.code === WRITE_CONFLICT || err.hasErrorLabel('TransientTransactionError');
  }
  return false;
}

/**
 * How long a failed message stays invisible before its next receive: short and growing for a
 * "retry soon" failure, never longer than the visibility timeout.
 * @param receiveCount receives so far, this one included (1 on the first failure).
 */
export function redeliveryDelayMs(err: unknown, receiveCount: number, visibilityMs: number): number {
  if (!isRetrySoon(err)) return visibilityMs;
  const exponent = Math.max(0, receiveCount - 1);
  return Math.min(visibilityMs, RETRY_SOON_BASE_MS * 2 ** exponent);
}
