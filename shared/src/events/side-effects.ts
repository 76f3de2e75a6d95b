/**
 * Consumers whose work happens outside the database (send an email, call a payment provider),
 * where a transaction cannot make "record + act" atomic. Instead: claim → act → mark done.
 *
 * - claim: one document per (consumer, event) with a lease, taken with a single conditional
 *   upsert. A duplicate delivery finds it `done` (acknowledged, the action is not repeated) or
 *   leased by someone else (it fails, so the bus redelivers it later, when it will be `done`).
 * - act: outside any transaction, retried in-process with jittered backoff while a heartbeat
 *   keeps the lease; it receives a stable idempotency key to hand to providers that accept one.
 * - mark: the claim becomes `done`. If all retries fail, the lease is released and the error
 *   thrown: the bus redelivers (and dead-letters after MAX_RECEIVES).
 *
 * The window: a crash (or a failed mark) after the action succeeded and before `done` is written
 * makes the next delivery, once the lease has expired, act again — at most one repeat per such
 * crash. Actions that can pass the idempotency key on (payment providers) close that window too.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ConsumerName, EventType } from '../catalogue.ts';
import { isDuplicateKey } from '../db/errors.ts';
import { errorMessage } from '../errors.ts';
import { libraryLogger } from '../resilience/log.ts';
import { retry } from '../resilience/retry.ts';
import type { EventEnvelope } from './envelope.ts';
import { startHeartbeat } from './worker.ts';

export const SIDE_EFFECT_CLAIMS_COLLECTION = 'side_effect_claims';

export interface SideEffectClaim {
  /** `<consumer>:<eventId>`: also the idempotency key the action receives. */
  _id: string;
  consumer: string;
  eventId: string;
  type: string;
  status: 'acting' | 'done';
  /** Another delivery may take the claim over after this (its holder crashed). */
  leaseUntil: Date;
  /** Identifies the current holder, so a holder whose lease was taken over cannot mark it. */
  claimToken: string;
  claims: number;
  doneAt?: Date;
  lastError?: string;
}

export interface SideEffectContext {
  /** Stable per (consumer, event): pass it to providers that deduplicate requests. */
  idempotencyKey: string;
  /** 0 for the first call of this delivery, then 1, 2, ... for in-process retries. */
  attempt: number;
}

export type SideEffectAction<T extends EventType> = (
  event: EventEnvelope<T>,
  ctx: SideEffectContext,
) => Promise<void>;

export interface SideEffectOptions {
  /** In-process retries of the action after its first call; default 3. */
  retries?: number;
  /** Backoff of the first retry (full jitter, doubling); default 200 ms. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claim is held without a heartbeat; default 30 s. */
  leaseMs?: number;
  /** Which failures are worth a retry; default all but open breakers and 4xx. */
  isRetryable?: (err: unknown) => boolean;
  /** How long done claims are remembered (longer than any queue keeps a message); default 14 days. */
  retentionMs?: number;
}

/** A handler of the claim → act → mark form, built by `sideEffect()`. */
export interface SideEffectHandler<T extends EventType> {
  readonly kind: 'side-effect';
  readonly act: SideEffectAction<T>;
  readonly options: SideEffectOptions;
}

/** Declares a handler whose action is outside the database (see the module comment). */
export function sideEffect<T extends EventType>(
  act: SideEffectAction<T>,
  options: SideEffectOptions = {},
): SideEffectHandler<T> {
  return { kind: 'side-effect', act, options };
}

export function isSideEffectHandler(value: unknown): value is SideEffectHandler<EventType> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'side-effect';
}

/** Another delivery of this event is acting right now: retry later, when it is done (or its lease expired). */
export class SideEffectInProgressError extends Error {
  constructor(key: string) {
    super(`side effect ${key} is in progress in another delivery`);
    this.name = 'SideEffectInProgressError';
  }
}

const DEFAULT_RETENTION_MS = 14 * 24 * 3_600_000;

export async function ensureSideEffectClaimIndexes(
  db: Db,
  retentionMs = DEFAULT_RETENTION_MS,
): Promise<void> {
  await db
    .collection<SideEffectClaim>(SIDE_EFFECT_CLAIMS_COLLECTION)
    .createIndex({ doneAt: 1 }, { expireAfterSeconds: Math.round(retentionMs / 1_000), name: 'done_ttl' });
}

/** The bus handler running `handler` for `consumer` with claims in `db`. */
export function runSideEffect<T extends EventType>(
  db: Db,
  consumer: ConsumerName | string,
  handler: SideEffectHandler<T>,
  opts: { logger?: Logger } = {},
): (event: EventEnvelope<T>) => Promise<void> {
  const claims: Collection<SideEffectClaim> = db.collection(SIDE_EFFECT_CLAIMS_COLLECTION);
  const log = (opts.logger ?? libraryLogger).child({ consumer });
  const leaseMs = handler.options.leaseMs ?? 30_000;

  /** The claim token when this delivery now holds the claim, or 'done' when the work is already done. */
  const claim = async (event: EventEnvelope<T>, key: string): Promise<string | 'done'> => {
    const now = new Date();
    const claimToken = randomUUID();
    try {
      // Matches a claim whose holder's lease ran out; inserts when there is none. Anything else
      // (done, or leased by a live holder) makes the upsert's insert collide on _id.
      await claims.updateOne(
        { _id: key, status: 'acting', leaseUntil: { $lte: now } },
        {
          $set: { leaseUntil: new Date(now.getTime() + leaseMs), claimToken },
          $inc: { claims: 1 },
          $setOnInsert: { consumer: String(consumer), eventId: event.id, type: event.type },
        },
        { upsert: true },
      );
      return claimToken;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const existing = await claims.findOne({ _id: key }, { projection: { status: 1 } });
    if (existing?.status === 'done') return 'done';
    throw new SideEffectInProgressError(key);
  };

  return async (event) => {
    const key = `${consumer}:${event.id}`;
    const token = await claim(event, key);
    if (token === 'done') {
      log.info({ eventId: event.id, type: event.type }, 'side effect already done; duplicate acknowledged');
      return;
    }
    const stopHeartbeat = startHeartbeat(
      leaseMs / 3,
      async () => {
        await claims.updateOne(
          { _id: key, claimToken: token },
          { $set: { leaseUntil: new Date(Date.now() + leaseMs) } },
        );
      },
      (err) => log.warn({ eventId: event.id, err: errorMessage(err) }, 'could not extend side-effect lease'),
    );
    try {
      await retry((attempt) => handler.act(event, { idempotencyKey: key, attempt }), {
        retries: handler.options.retries ?? 3,
        baseMs: handler.options.baseBackoffMs ?? 200,
        maxMs: handler.options.maxBackoffMs ?? 5_000,
        ...(handler.options.isRetryable ? { isRetryable: handler.options.isRetryable } : {}),
        onRetry: ({ attempt, delayMs, error }) =>
          log.warn(
            { eventId: event.id, type: event.type, attempt, delayMs, err: errorMessage(error) },
            'side effect failed; retrying',
          ),
      });
    } catch (err) {
      stopHeartbeat();
      // Released at once, so the redelivery does not wait for the lease to run out.
      await claims
        .updateOne(
          { _id: key, claimToken: token },
          { $set: { leaseUntil: new Date(0), lastError: errorMessage(err) } },
        )
        .catch((e: unknown) =>
          log.warn({ eventId: event.id, err: errorMessage(e) }, 'could not release claim'),
        );
      throw err;
    }
    stopHeartbeat();
    await claims.updateOne(
      { _id: key, claimToken: token },
      { $set: { status: 'done', doneAt: new Date() }, $unset: { lastError: '' } },
    );
  };
}
