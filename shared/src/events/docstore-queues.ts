import { EventEmitter } from 'node:events';
import type { Collection, Db } from 'mongodb';
import type { Logger } from 'pino';
import { type ConsumerName, queueName } from '../catalogue.ts';
import type { DeadLetterPage } from './dead-letters.ts';
import { listenForWakeHints, onWakeHint, sendWakeHint, wakeKey } from './docstore-wake.ts';

/** A queued message: one row per (consumer queue, event), kept until a handler succeeds. */
export interface QueuedMessage {
  /** The event id: publishing the same event twice (an outbox retry) does not queue it twice. */
  _id: string;
  type: string;
  /** The envelope as JSON, exactly as SQS would carry it. */
  body: string;
  traceHeader?: string;
  receiveCount: number;
  /** Claimable when this is in the past; a claim moves it forward (the visibility timeout). */
  visibleAt: Date;
  enqueuedAt: Date;
  /** Identifies the current claim, so a late finisher cannot delete a message someone else re-claimed. */
  claimToken?: string;
  lastError?: string;
}

export interface DeadLetter extends QueuedMessage {
  deadAt: Date;
}

/** What an operator sees of a dead letter. */
export interface DeadLetterView {
  id: string;
  type: string;
  receiveCount: number;
  enqueuedAt: Date;
  deadAt: Date;
  lastError: string | undefined;
  event: unknown;
}

export const deadLetterName = (consumer: ConsumerName) => `${queueName(consumer)}-dlq`;

/**
 * Wakes this process's consumers as soon as something is queued: at once when this process queued
 * it, by a hint from the publishing process otherwise (docstore-wake.ts). Polling still delivers
 * when no hint comes.
 */
const queuedSignal = new EventEmitter().setMaxListeners(0);
onWakeHint((key) => queuedSignal.emit(key));

export function signalQueued(db: Db, consumer: ConsumerName, crossProcess = true): void {
  queuedSignal.emit(wakeKey(db, consumer));
  if (crossProcess) void sendWakeHint(db, consumer);
}

/**
 * Calls `listener` whenever a message is queued for `consumer`: by this process, or by another
 * one that sends wake hints (unless `crossProcess` is false). Returns the unsubscribe.
 */
export function onQueued(
  db: Db,
  consumer: ConsumerName,
  listener: () => void,
  opts: { crossProcess?: boolean; onError?: (err: unknown) => void } = {},
): () => void {
  queuedSignal.on(wakeKey(db, consumer), listener);
  const stopHints =
    opts.crossProcess === false ? () => {} : listenForWakeHints(db, consumer, opts.onError ?? (() => {}));
  return () => {
    queuedSignal.off(wakeKey(db, consumer), listener);
    stopHints();
  };
}

/** The queue and dead-letter collections of the consumers on one bus database. */
export function docStoreQueues(db: Db, log: Logger) {
  const queue = (c: ConsumerName): Collection<QueuedMessage> => db.collection(queueName(c));
  const deadLetters = (c: ConsumerName): Collection<DeadLetter> => db.collection(deadLetterName(c));

  return {
    queue,
    deadLetters,

    async ensureIndexes(c: ConsumerName): Promise<void> {
      await queue(c).createIndex({ visibleAt: 1 });
      await deadLetters(c).createIndex({ deadAt: 1 });
    },

    async moveToDeadLetters(c: ConsumerName, msg: QueuedMessage, reason: string): Promise<void> {
      const { claimToken: _claim, ...rest } = msg;
      // Upsert first, then delete: a crash in between leaves a duplicate, never a loss.
      await deadLetters(c).replaceOne(
        { _id: msg._id },
        { ...rest, lastError: reason, deadAt: new Date() },
        { upsert: true },
      );
      await queue(c).deleteOne({ _id: msg._id, claimToken: msg.claimToken });
      log.error(
        { consumer: c, eventId: msg._id, type: msg.type, receiveCount: msg.receiveCount, reason },
        'event dead-lettered',
      );
    },

    async listDeadLetters(c: ConsumerName): Promise<DeadLetterView[]> {
      const rows = await deadLetters(c).find({}).sort({ deadAt: 1 }).toArray();
      return rows.map((row) => ({
        id: row._id,
        type: row.type,
        receiveCount: row.receiveCount,
        enqueuedAt: row.enqueuedAt,
        deadAt: row.deadAt,
        lastError: row.lastError,
        event: parseOrRaw(row.body),
      }));
    },

    /** A window of dead letters, oldest first, without their bodies (the operator API's view). */
    async pageDeadLetters(
      c: ConsumerName,
      window: { offset: number; limit: number },
    ): Promise<DeadLetterPage> {
      const [total, rows] = await Promise.all([
        deadLetters(c).countDocuments({}),
        deadLetters(c)
          .find({}, { projection: { body: 0 } })
          .sort({ deadAt: 1, _id: 1 })
          .skip(window.offset)
          .limit(window.limit)
          .toArray(),
      ]);
      return {
        total,
        letters: rows.map((row) => ({
          id: row._id,
          type: row.type,
          attempts: row.receiveCount,
          reason: row.lastError ?? null,
          deadLetteredAt: row.deadAt,
        })),
      };
    },

    async redrive(c: ConsumerName, ids?: readonly string[]): Promise<number> {
      const rows = await deadLetters(c)
        .find(ids ? { _id: { $in: [...ids] } } : {})
        .toArray();
      let moved = 0;
      for (const { deadAt: _dead, lastError: _err, claimToken: _claim, ...row } of rows) {
        const fresh: QueuedMessage = { ...row, receiveCount: 0, visibleAt: new Date() };
        await queue(c).replaceOne({ _id: row._id }, fresh, { upsert: true });
        // Counted by whoever deletes it: two operators redriving at once report each letter once.
        const { deletedCount } = await deadLetters(c).deleteOne({ _id: row._id });
        moved += deletedCount;
      }
      if (moved > 0) {
        log.info({ consumer: c, moved }, 'dead letters redriven');
        signalQueued(db, c);
      }
      return moved;
    },
  };
}

function parseOrRaw(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
