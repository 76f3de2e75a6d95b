import type { ClientSession, Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ConsumerName, EventType } from '../catalogue.ts';
import { isDuplicateKey } from '../db/errors.ts';
import { libraryLogger } from '../resilience/log.ts';
import type { EventEnvelope } from './envelope.ts';
import { withOutbox } from './outbox.ts';

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

/**
 * What an idempotent handler gets: the event, the session its writes must use to join the record,
 * and `stage` to put reply events in the outbox of the same transaction.
 */
export type IdempotentHandler<T extends EventType> = (
  event: EventEnvelope<T>,
  session: ClientSession,
  stage: (event: EventEnvelope) => void,
) => Promise<void>;

/**
 * Wraps a handler so an event it already handled is acknowledged without running it again.
 * The handled id, the handler's own writes (made with `session`) and the events it stages commit
 * in one transaction: either all happen, or none and the redelivery runs it again. So a saga step
 * never publishes its reply twice, and never loses it.
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
  const acknowledgeDuplicate = (event: EventEnvelope<T>) =>
    log.info({ consumer, eventId: event.id, type: event.type }, 'duplicate event acknowledged');
  return async (event) => {
    try {
      await withOutbox(db.client, db, async (session, stage) => {
        // A duplicate key inside a transaction would abort it: look first, then record.
        const seen = await processed.findOne(
          { consumer, eventId: event.id },
          { session, projection: { _id: 1 } },
        );
        if (seen) {
          acknowledgeDuplicate(event);
          return;
        }
        // Inserted before the handler's writes: a concurrent duplicate conflicts here.
        await processed.insertOne(
          { consumer, eventId: event.id, type: event.type, processedAt: new Date() },
          { session },
        );
        await handler(event, session, stage);
      });
    } catch (err) {
      // A concurrent delivery of the same event committed first (the unique index refused our
      // record, aborting everything this attempt wrote): it is handled, so acknowledge it.
      if (isDuplicateKey(err) && (await processed.findOne({ consumer, eventId: event.id }))) {
        acknowledgeDuplicate(event);
        return;
      }
      throw err;
    }
  };
}
