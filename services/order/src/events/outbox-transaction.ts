import { createEvent, withOutbox } from '@b2b/shared/events';
import type { Db, MongoClient } from 'mongodb';
import type { RunInTransaction } from '../domain/context.ts';

/** State changes and their events commit together in the outbox; main.ts's relay publishes them. */
export function createOutboxTransaction(client: MongoClient, db: Db): RunInTransaction {
  return (work) =>
    withOutbox(client, db, (session, stage) =>
      work({ session, stage: (type, data) => stage(createEvent(type, data, { source: 'order' })) }),
    );
}
