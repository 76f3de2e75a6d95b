import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { type ConsumerName, events } from '../catalogue.ts';
import { isDuplicateKey } from '../db/errors.ts';

const DUPLICATE_KEY = 11000;

import { errorMessage } from '../errors.ts';
import { libraryLogger } from '../resilience/log.ts';
import { currentTraceHeader } from '../tracing/index.ts';
import type { DeadLetterAdmin } from './dead-letters.ts';
import { dispatch, MalformedEventError } from './dispatch.ts';
import {
  type DeadLetterView,
  docStoreQueues,
  onQueued,
  type QueuedMessage,
  signalQueued,
} from './docstore-queues.ts';
import type { EventEnvelope } from './envelope.ts';
import {
  type ConsumeOptions,
  type Consumer,
  type EventBus,
  type EventHandlers,
  MAX_RECEIVES,
  type PublishOptions,
} from './port.ts';
import { redeliveryDelayMs } from './redelivery.ts';
import { Slots, startHeartbeat, Waker } from './worker.ts';

export interface DocStoreBusOptions {
  /** The database holding the queues (`eventbus`). */
  db: Db;
  logger?: Logger;
  /** Handlers each consumer runs at once when `consume()` names none (EVENT_CONSUMER_CONCURRENCY); default 4. */
  concurrency?: number;
  /** Poll interval right after a message was seen. */
  minPollMs?: number;
  /**
   * Poll interval when idle long enough: the cost of an idle platform (a few queries a second per
   * consumer), and the worst delay of a first event after a quiet spell, paid on every hop of a saga
   * (a checkout crosses two: order → product/payment → order). At 1 s an invoice checkout on a quiet
   * platform took up to 2 s to confirm; at 250 ms the hops add at most half a second.
   */
  maxPollMs?: number;
  /**
   * For this long after its last message a consumer keeps polling every `minPollMs` before it
   * backs off (default 2 s). Messages from other processes (a saga's replies) do not wake it, so
   * while a saga runs, a consumer that had backed off to `maxPollMs` between two messages made
   * every hop wait up to that long; a quiet platform still polls slowly.
   */
  hotWindowMs?: number;
  /**
   * Wake hints between processes (docstore-wake.ts), default true: a message another process
   * queues wakes this process's consumer at once instead of at its next poll.
   */
  crossProcessWake?: boolean;
  /** Called by close(), e.g. to release the connection the factory opened. */
  onClose?: () => Promise<void>;
}

export interface DocStoreEventBus extends EventBus {
  readonly kind: 'docstore';
  /** Operator view of a consumer's dead letters, oldest first. */
  listDeadLetters(consumer: ConsumerName): Promise<DeadLetterView[]>;
  /** Moves dead letters (all, or the given event ids) back to the queue with a fresh receive count. */
  redrive(consumer: ConsumerName, ids?: readonly string[]): Promise<number>;
  /** The operator API's port onto the same dead letters. */
  readonly deadLetters: DeadLetterAdmin;
}

/**
 * Event bus on a MongoDB-compatible database, for local runs and tests, with SQS's semantics:
 * fan-out by type into one queue collection per consumer, claims with a visibility timeout,
 * receive counts, redelivery, dead-lettering after 5 receives. Rows live until deleted, so a
 * crashed process (even kill -9) loses nothing, and any number of processes can share the queues.
 */
/** A consumer queue's row for one event (publish and publishMany write the same shape). */
function queuedRow(
  event: EventEnvelope,
  body: string,
  now: Date,
  traceHeader: string | undefined,
): QueuedMessage {
  const row: QueuedMessage = {
    _id: event.id,
    type: event.type,
    body,
    receiveCount: 0,
    visibleAt: now,
    enqueuedAt: now,
  };
  if (traceHeader) row.traceHeader = traceHeader;
  return row;
}

export function createDocStoreEventBus(opts: DocStoreBusOptions): DocStoreEventBus {
  const { db } = opts;
  const log = (opts.logger ?? libraryLogger).child({ bus: 'docstore' });
  const minPollMs = opts.minPollMs ?? 50;
  const maxPollMs = opts.maxPollMs ?? 250;
  const hotWindowMs = opts.hotWindowMs ?? 2_000;
  const crossProcess = opts.crossProcessWake ?? true;
  const consumers = new Set<Consumer>();
  const queues = docStoreQueues(db, log);
  const { queue } = queues;

  async function publish(event: EventEnvelope, publishOpts: PublishOptions = {}): Promise<void> {
    const spec = events[event.type];
    if (!spec) throw new Error(`unknown event type ${event.type}`);
    const traceHeader = publishOpts.traceHeader ?? currentTraceHeader();
    const body = JSON.stringify(event);
    const now = new Date();
    // One insert per consumer queue, all at once: a saga step's latency pays one round trip, not
    // one per consumer. A failure rejects the publish (the relay retries it; queued copies dedupe).
    const enqueue = async (consumer: ConsumerName) => {
      const row = queuedRow(event, body, now, traceHeader);
      try {
        await queue(consumer).insertOne(row);
      } catch (err) {
        // Already queued for this consumer (a retried publish): at-most-once per queue is right.
        if (!isDuplicateKey(err)) throw err;
      }
      signalQueued(db, consumer, crossProcess);
    };
    await Promise.all((spec.consumers as readonly ConsumerName[]).map(enqueue));
  }

  /** One insertMany per consumer queue for the whole batch, all queues at once. */
  async function publishMany(
    batch: readonly { event: EventEnvelope; traceHeader?: string }[],
  ): Promise<void> {
    const now = new Date();
    const rowsByConsumer = new Map<ConsumerName, QueuedMessage[]>();
    for (const { event, traceHeader } of batch) {
      const spec = events[event.type];
      if (!spec) throw new Error(`unknown event type ${event.type}`);
      const body = JSON.stringify(event);
      for (const consumer of spec.consumers as readonly ConsumerName[]) {
        const rows = rowsByConsumer.get(consumer) ?? [];
        rows.push(queuedRow(event, body, now, traceHeader));
        rowsByConsumer.set(consumer, rows);
      }
    }
    await Promise.all(
      [...rowsByConsumer].map(async ([consumer, rows]) => {
        try {
          await queue(consumer).insertMany(rows, { ordered: false });
        } catch (err) {
          // Rows already queued (a retried batch) are skipped; anything else fails the batch.
          const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
          const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
          if (list.length === 0 || !list.every((e: { code?: unknown }) => e.code === DUPLICATE_KEY))
            throw err;
        }
        signalQueued(db, consumer, crossProcess);
      }),
    );
  }

  function consume(
    consumer: ConsumerName,
    handlers: EventHandlers,
    consumeOpts: ConsumeOptions = {},
  ): Consumer {
    const visibilityMs = consumeOpts.visibilityTimeoutMs ?? 30_000;
    const slots = new Slots(consumeOpts.concurrency ?? opts.concurrency ?? 4);
    const waker = new Waker();
    const clog = log.child({ consumer });
    const unsubscribe = onQueued(db, consumer, () => waker.wake(), {
      crossProcess,
      onError: (err) => clog.warn({ err: errorMessage(err) }, 'wake hints unavailable; polling only'),
    });
    let running = true;

    const claim = async (): Promise<QueuedMessage | null> => {
      const now = new Date();
      return queue(consumer).findOneAndUpdate(
        { visibleAt: { $lte: now } },
        {
          $set: { visibleAt: new Date(now.getTime() + visibilityMs), claimToken: randomUUID() },
          $inc: { receiveCount: 1 },
        },
        { sort: { visibleAt: 1 }, returnDocument: 'after' },
      );
    };

    const handle = async (msg: QueuedMessage): Promise<void> => {
      if (msg.receiveCount > MAX_RECEIVES) {
        // Its last handler died mid-way (crash, kill -9): it already had its five chances.
        await queues.moveToDeadLetters(consumer, msg, msg.lastError ?? 'receive limit reached');
        return;
      }
      const stopHeartbeat = startHeartbeat(
        visibilityMs / 2,
        async () => {
          await queue(consumer).updateOne(
            { _id: msg._id, claimToken: msg.claimToken },
            { $set: { visibleAt: new Date(Date.now() + visibilityMs) } },
          );
        },
        (err) => clog.warn({ eventId: msg._id, err: errorMessage(err) }, 'could not extend visibility'),
      );
      try {
        await dispatch(consumer, handlers, msg.body, msg.traceHeader, clog);
        stopHeartbeat();
        await queue(consumer).deleteOne({ _id: msg._id, claimToken: msg.claimToken });
      } catch (err) {
        stopHeartbeat();
        const reason = errorMessage(err);
        clog.warn(
          { eventId: msg._id, type: msg.type, receiveCount: msg.receiveCount, err: reason },
          'event handler failed',
        );
        if (err instanceof MalformedEventError || msg.receiveCount >= MAX_RECEIVES) {
          await queues.moveToDeadLetters(consumer, msg, reason);
        } else {
          // Left claimed: it reappears after the visibility timeout, or in about a second when
          // the failure only means "not now" (redelivery.ts).
          const delayMs = redeliveryDelayMs(err, msg.receiveCount, visibilityMs);
          await queue(consumer).updateOne(
            { _id: msg._id, claimToken: msg.claimToken },
            { $set: { lastError: reason, visibleAt: new Date(Date.now() + delayMs) } },
          );
        }
      }
    };

    const loop = async () => {
      await queues
        .ensureIndexes(consumer)
        .catch((err) => clog.warn({ err: errorMessage(err) }, 'queue indexes not created'));
      let idleMs = minPollMs;
      let lastMessageAt = Number.NEGATIVE_INFINITY;
      while (running) {
        if (slots.free() <= 0) {
          await slots.waitForFree();
          continue;
        }
        let msg: QueuedMessage | null;
        try {
          msg = await claim();
        } catch (err) {
          if (!running) break;
          clog.warn({ err: errorMessage(err) }, 'queue poll failed');
          await waker.sleep(maxPollMs);
          continue;
        }
        if (msg) {
          idleMs = minPollMs;
          lastMessageAt = Date.now();
          const claimed = msg;
          slots.run(
            handle(claimed).catch((err) =>
              clog.error({ eventId: claimed._id, err: errorMessage(err) }, 'queue bookkeeping failed'),
            ),
          );
          continue;
        }
        await waker.sleep(idleMs);
        if (Date.now() - lastMessageAt >= hotWindowMs) idleMs = Math.min(maxPollMs, idleMs * 2);
      }
    };
    const done = loop();

    const consumerHandle: Consumer = {
      async stop() {
        running = false;
        unsubscribe();
        waker.wake();
        await done;
        await slots.drain();
        consumers.delete(consumerHandle);
      },
    };
    consumers.add(consumerHandle);
    return consumerHandle;
  }

  return {
    kind: 'docstore',
    publish,
    publishMany,
    consume,
    async isReady() {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.all([...consumers].map((c) => c.stop()));
      await opts.onClose?.();
    },
    listDeadLetters: (consumer) => queues.listDeadLetters(consumer),
    redrive: (consumer, ids) => queues.redrive(consumer, ids),
    deadLetters: {
      kind: 'docstore',
      list: (consumer, window) => queues.pageDeadLetters(consumer, window),
      redrive: (consumer, ids) => queues.redrive(consumer, ids),
    },
  };
}
