import type { ClientSession, Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ConsumerName, EventType } from '../catalogue.ts';
import { libraryLogger } from '../resilience/log.ts';
import type { EventEnvelope } from './envelope.ts';

export const PROCESSED_EVENTS_COLLECTION = 'processed_events';

export interface ProcessedEvent {
  consumer: string;
  eventId: string;
  type: string;
  processedAt: Date;
}

export async function ensureProcessedEventIndexes(db: Db): Promise<void> {
  await db
    .collection<ProcessedEvent>(PROCESSED_EVENTS_COLLECTION)
    .createIndex({ consumer: 1, eventId: 1 }, { unique: true, name: 'consumer_event_unique' });
}

/** What an idempotent handler gets: the event, and the session its writes must use to join the record. */
export type IdempotentHandler<T extends EventType> = (
  event: EventEnvelope<T>,
  session: ClientSession,
) => Promise<void>;

/**
 * Wraps a handler so an event it already handled is acknowledged without running it again.
 * The handled id and the handler's own writes (made with `session`) commit in one transaction:
 * either both happen, or neither and the redelivery runs it again.
 * Call `ensureProcessedEventIndexes(db)` at start-up.
 */
export function idempotent<T extends EventType>(
  db: Db,
  consumer: ConsumerName | string,
  handler: IdempotentHandler<T>,
  opts: { logger?: Logger } = {},
): (event: EventEnvelope<T>) => Promise<void> {
  const processed = db.collection<ProcessedEvent>(PROCESSED_EVENTS_COLLECTION);
  const log = opts.logger ?? libraryLogger;
  return async (event) => {
    await db.client.withSession((session) =>
      session.withTransaction(async () => {
        // A duplicate key inside a transaction would abort it: look first, then record.
        const seen = await processed.findOne(
          { consumer, eventId: event.id },
          { session, projection: { _id: 1 } },
        );
        if (seen) {
          log.info({ consumer, eventId: event.id, type: event.type }, 'duplicate event acknowledged');
          return;
        }
        // Inserted before the handler's writes: a concurrent duplicate conflicts here and is retried.
        await processed.insertOne(
          { consumer, eventId: event.id, type: event.type, processedAt: new Date() },
          { session },
        );
        await handler(event, session);
      }),
    );
  };
}
