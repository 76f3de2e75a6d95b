/**
 * A service's event consumers in one call from its main.ts: `startEventConsumers(app, {...})`.
 * Handlers are typed by the catalogue (a handler for an event the service does not consume fails
 * the typecheck), and each runs in one of two forms:
 * - a function `(event, tx) => ...`: the idempotency record, its writes (through `tx.session`)
 *   and the events it stages (`tx.stage`) commit in ONE transaction (see `idempotent`);
 * - `sideEffect(act)`: claim → act → mark done for work outside the database (see side-effects.ts).
 */
import type { ClientSession, Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ConsumerName, EventPayloads, EventType, events, ProducerName } from '../catalogue.ts';
import type { ServiceApp } from '../http/create-service.ts';
import { createEvent, type EventEnvelope } from './envelope.ts';
import { ensureProcessedEventIndexes, idempotent } from './idempotent.ts';
import { OUTBOX_COLLECTION } from './outbox.ts';
import type { ConsumeOptions, Consumer, EventBus, EventHandler, EventHandlers } from './port.ts';
import {
  ensureSideEffectClaimIndexes,
  isSideEffectHandler,
  runSideEffect,
  type SideEffectHandler,
} from './side-effects.ts';

type Catalogue = typeof events;

/** The event types `C` consumes, straight from the catalogue. */
export type EventsConsumedBy<C extends ConsumerName> = {
  [T in EventType]: C extends Catalogue[T]['consumers'][number] ? T : never;
}[EventType];

/** The event types a service publishes (never, for a service that only consumes). */
export type EventsProducedBy<S extends string> = {
  [T in EventType]: Catalogue[T]['producer'] extends S ? T : never;
}[EventType];

/** What a transactional handler gets besides the event. */
export interface HandlerTransaction<C extends ConsumerName> {
  /** Every write of the handler goes through it, so it commits with the idempotency record. */
  session: ClientSession;
  /**
   * Puts an event of this service in the outbox of the same transaction, continuing the
   * triggering event's correlation id (a saga step's reply).
   */
  stage<K extends EventsProducedBy<C>>(type: K, data: EventPayloads[K]): void;
}

export type TransactionalHandler<C extends ConsumerName, T extends EventType> = (
  event: EventEnvelope<T>,
  tx: HandlerTransaction<C>,
) => Promise<void>;

/** The handlers of consumer `C`: only event types it consumes, each in one of the two forms. */
export type ConsumerHandlers<C extends ConsumerName> = {
  [T in EventsConsumedBy<C>]?: TransactionalHandler<C, T> | SideEffectHandler<T>;
};

export interface EventConsumerOptions<C extends ConsumerName> {
  consumer: C;
  bus: EventBus;
  /** The service's own database: idempotency records, claims and the outbox live there. */
  db: Db;
  handlers: ConsumerHandlers<C>;
  consume?: ConsumeOptions;
  logger?: Logger;
}

/**
 * The plain bus handlers behind `startEventConsumers`, for tests that deliver events by hand
 * (e.g. the same event many times at once). Indexes must exist: `ensureEventConsumerIndexes`.
 */
export function buildEventHandlers<C extends ConsumerName>(
  opts: Omit<EventConsumerOptions<C>, 'bus' | 'consume'>,
): EventHandlers {
  const { consumer, db, logger } = opts;
  const out: Record<string, EventHandler> = {};
  for (const [type, handler] of Object.entries(opts.handlers) as [EventType, unknown][]) {
    if (isSideEffectHandler(handler)) {
      out[type] = runSideEffect(db, consumer, handler, { logger }) as EventHandler;
      continue;
    }
    const transactional = handler as TransactionalHandler<C, EventType>;
    out[type] = idempotent(
      db,
      consumer,
      (event, session, stage) =>
        transactional(event, {
          session,
          stage: (replyType, data) =>
            stage(
              createEvent(replyType, data, {
                // Only a producer can name a type in EventsProducedBy<C>: C is one here.
                source: consumer as unknown as ProducerName,
                correlationId: event.correlationId,
              }),
            ),
        }),
      { logger },
    ) as EventHandler;
  }
  return out as EventHandlers;
}

/** Indexes of the records, and the outbox collection: DocumentDB cannot create one inside a transaction. */
export async function ensureEventConsumerIndexes(db: Db): Promise<void> {
  await ensureProcessedEventIndexes(db);
  await ensureSideEffectClaimIndexes(db);
  const existing = await db.listCollections({ name: OUTBOX_COLLECTION }, { nameOnly: true }).toArray();
  if (existing.length === 0) {
    await db.createCollection(OUTBOX_COLLECTION).catch((err: unknown) => {
      // Another task created it meanwhile.
      if ((err as { code?: unknown }).code !== 48) throw err;
    });
  }
}

/**
 * Creates the indexes, starts consuming `consumer`'s queue, registers the readiness check
 * `events:<consumer>` (the bus answers and the consumer runs) and stops consuming on app close
 * (in-flight handlers finish first). Call it before `runService`.
 */
export async function startEventConsumers<C extends ConsumerName>(
  app: ServiceApp,
  opts: EventConsumerOptions<C>,
): Promise<Consumer> {
  await ensureEventConsumerIndexes(opts.db);
  const running = opts.bus.consume(opts.consumer, buildEventHandlers(opts), opts.consume);
  let stopped = false;
  const consumer: Consumer = {
    async stop() {
      stopped = true;
      await running.stop();
    },
  };
  app.readiness.register(`events:${opts.consumer}`, async () => {
    if (stopped) throw new Error('event consumer stopped');
    if (!(await opts.bus.isReady())) throw new Error('event bus not reachable');
  });
  app.addHook('onClose', () => consumer.stop());
  return consumer;
}
