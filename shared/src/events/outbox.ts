import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type ClientSession, type Collection, type Db, type MongoClient, ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.ts';
import { BreakerOpenError } from '../resilience/breaker.ts';
import { libraryLogger } from '../resilience/log.ts';
import { currentTraceHeader } from '../tracing/index.ts';
import type { EventEnvelope } from './envelope.ts';
import type { EventBus } from './port.ts';
import { Waker } from './worker.ts';

export const OUTBOX_COLLECTION = 'outbox';

/** An event waiting in the service's own database to be published. */
export interface OutboxRecord {
  /** ObjectIds grow with time: the relay publishes in `_id` order. */
  _id: ObjectId;
  eventId: string;
  type: string;
  event: EventEnvelope;
  /** The trace of the request that caused the event, so consumers continue it. */
  traceHeader?: string;
  status: 'pending' | 'sent';
  attempts: number;
  /** Next time a relay may take it: after a failure (backoff), or after a relay claimed it (lease). */
  nextAttemptAt: Date;
  createdAt: Date;
  sentAt?: Date;
  lastError?: string;
  /** Which relay holds the lease (several tasks may relay one database). */
  leaseToken?: string;
}

/** Relays of this process wake as soon as a transaction with events commits. */
const staged = new EventEmitter().setMaxListeners(0);

function record(event: EventEnvelope): OutboxRecord {
  const now = new Date();
  const traceHeader = currentTraceHeader();
  return {
    _id: new ObjectId(),
    eventId: event.id,
    type: event.type,
    event,
    ...(traceHeader ? { traceHeader } : {}),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** Stages an event inside the caller's transaction: it is stored if and only if the state change is. */
export function createOutbox(db: Db) {
  const outbox = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
  return {
    async stage(session: ClientSession, event: EventEnvelope): Promise<void> {
      await outbox.insertOne(record(event), { session });
      session.once('ended', () => staged.emit(db.databaseName));
    },
  };
}

/**
 * Runs `work` in a transaction; events it `stage`s are written to the outbox in the same
 * transaction. `work` may run more than once (the driver retries transient transaction errors),
 * so it must do its writes through `session` and nothing irreversible outside it.
 */
export async function withOutbox<T>(
  client: MongoClient,
  db: Db,
  work: (session: ClientSession, stage: (event: EventEnvelope) => void) => Promise<T>,
): Promise<T> {
  const outbox = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
  const result = await client.withSession((session) =>
    session.withTransaction(async () => {
      const events: EventEnvelope[] = [];
      const value = await work(session, (event) => {
        events.push(event);
      });
      if (events.length > 0) await outbox.insertMany(events.map(record), { session });
      return value;
    }),
  );
  staged.emit(db.databaseName);
  return result as T;
}

export interface OutboxRelayOptions {
  /** The service's database (holding `outbox`). */
  db: Db;
  bus: EventBus;
  /** Poll interval when nothing wakes the relay (events staged by another task); default 1 s. */
  intervalMs?: number;
  /** First retry delay after a failed publish; doubles per attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a relay owns an event it is publishing; another task takes it over after that. */
  leaseMs?: number;
  /** Events leased and published per round trip pair; default 50. */
  batchSize?: number;
  /** Sent events are kept this long (TTL index), for audits and replays; default 7 days. */
  retentionMs?: number;
  logger?: Logger;
}

export interface OutboxRelay {
  /** Publishes everything due now; returns how many were sent. */
  runOnce(): Promise<number>;
  /** Finishes the current round and stops. */
  stop(): Promise<void>;
}

export async function ensureOutboxIndexes(db: Db, retentionMs: number): Promise<void> {
  const outbox = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
  await outbox.createIndex({ status: 1, nextAttemptAt: 1 });
  await outbox.createIndex(
    { sentAt: 1 },
    { expireAfterSeconds: Math.round(retentionMs / 1_000), name: 'sent_ttl' },
  );
}

/**
 * Publishes staged events in order, marks them sent, retries failures with exponential backoff
 * (per event: `attempts`, `nextAttemptAt`). Several tasks may run relays on one database: events
 * are leased in batches by the relay publishing them, so each is normally sent once (consumers are
 * idempotent anyway).
 */
export function startOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const outbox: Collection<OutboxRecord> = opts.db.collection(OUTBOX_COLLECTION);
  const log = (opts.logger ?? libraryLogger).child({ component: 'outbox-relay', db: opts.db.databaseName });
  const intervalMs = opts.intervalMs ?? 1_000;
  const baseBackoffMs = opts.baseBackoffMs ?? 1_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 60_000;
  const leaseMs = opts.leaseMs ?? 30_000;
  const batchSize = opts.batchSize ?? 50;
  const retentionMs = opts.retentionMs ?? 7 * 24 * 3_600_000;
  const waker = new Waker();
  const wake = () => waker.wake();
  staged.on(opts.db.databaseName, wake);
  let running = true;
  let lastPrune = 0;

  /**
   * Leases up to `batchSize` due events, oldest first, in two round trips for the lot (one each
   * made the relay the saga's bottleneck under load). The lease token tells which of them this
   * relay won when another relay on the same database leased some in between.
   */
  const claimBatch = async (): Promise<OutboxRecord[]> => {
    const now = new Date();
    const due = await outbox
      .find({ status: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ _id: 1 })
      .limit(batchSize)
      .toArray();
    if (due.length === 0) return [];
    const leaseToken = randomUUID();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const { modifiedCount } = await outbox.updateMany(
      { _id: { $in: due.map((r) => r._id) }, status: 'pending', nextAttemptAt: { $lte: now } },
      { $set: { nextAttemptAt: leaseUntil, leaseToken } },
    );
    if (modifiedCount === due.length)
      return due.map((r) => ({ ...r, nextAttemptAt: leaseUntil, leaseToken }));
    return outbox.find({ leaseToken }).sort({ _id: 1 }).toArray();
  };

  const markSent = async (ids: ObjectId[]) => {
    // Marked after the batch: a crash before this line publishes them again (consumers dedupe).
    await outbox.updateMany(
      { _id: { $in: ids } },
      {
        $set: { status: 'sent', sentAt: new Date() },
        $inc: { attempts: 1 },
        $unset: { lastError: '', leaseToken: '' },
      },
    );
  };

  /** Publishes one leased batch in order; returns how many were sent and whether all were. */
  const relayBatch = async (batch: OutboxRecord[]): Promise<{ sent: number; failed: boolean }> => {
    const { publishMany } = opts.bus;
    if (publishMany && batch.length > 1) {
      try {
        await publishMany.call(
          opts.bus,
          batch.map((r) => ({ event: r.event, ...(r.traceHeader ? { traceHeader: r.traceHeader } : {}) })),
        );
        await markSent(batch.map((r) => r._id));
        return { sent: batch.length, failed: false };
      } catch (err) {
        // Which ones made it is unknown: one by one below finds the failing event (copies dedupe).
        log.warn(
          { events: batch.length, err: errorMessage(err) },
          'batch publish failed; publishing one by one',
        );
      }
    }
    const sentIds: ObjectId[] = [];
    let failedAt = -1;
    for (const [i, next] of batch.entries()) {
      try {
        await opts.bus.publish(next.event, next.traceHeader ? { traceHeader: next.traceHeader } : {});
        sentIds.push(next._id);
      } catch (err) {
        failedAt = i;
        const attempts = next.attempts + 1;
        const delay = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempts - 1));
        const jittered = Math.round(delay / 2 + Math.random() * (delay / 2));
        await outbox.updateOne(
          { _id: next._id },
          {
            $set: { attempts, nextAttemptAt: new Date(Date.now() + jittered), lastError: errorMessage(err) },
            $unset: { leaseToken: '' },
          },
        );
        log.warn(
          { eventId: next.eventId, type: next.type, attempts, retryInMs: jittered, err: errorMessage(err) },
          'publish failed',
        );
        break;
      }
    }
    if (sentIds.length > 0) await markSent(sentIds);
    const untried = failedAt >= 0 ? batch.slice(failedAt + 1) : [];
    if (untried.length > 0) {
      // Keep order while the broker is failing: the rest waits for the next round (released now,
      // not after the lease).
      await outbox.updateMany(
        { _id: { $in: untried.map((r) => r._id) }, leaseToken: batch[0]?.leaseToken },
        { $set: { nextAttemptAt: new Date() }, $unset: { leaseToken: '' } },
      );
    }
    return { sent: sentIds.length, failed: failedAt >= 0 };
  };

  async function runOnce(): Promise<number> {
    let sent = 0;
    while (running) {
      const batch = await claimBatch();
      if (batch.length === 0) break;
      const result = await relayBatch(batch);
      sent += result.sent;
      if (result.failed) break;
    }
    if (Date.now() - lastPrune > 60_000) {
      lastPrune = Date.now();
      // The TTL index prunes on DocumentDB/MongoDB; this also covers servers without TTL monitors.
      await outbox.deleteMany({ status: 'sent', sentAt: { $lt: new Date(Date.now() - retentionMs) } });
    }
    return sent;
  }

  const loop = async () => {
    await ensureOutboxIndexes(opts.db, retentionMs).catch((err) =>
      log.warn({ err: errorMessage(err) }, 'outbox indexes not created'),
    );
    while (running) {
      try {
        await runOnce();
      } catch (err) {
        if (!(err instanceof BreakerOpenError))
          log.error({ err: errorMessage(err) }, 'outbox relay round failed');
      }
      if (running) await waker.sleep(intervalMs);
    }
  };
  const done = loop();

  return {
    runOnce,
    async stop() {
      running = false;
      staged.off(opts.db.databaseName, wake);
      waker.wake();
      await done;
    },
  };
}
