import { createEvent, withOutbox } from '@b2b/shared/events';
import type { Db, MongoClient } from 'mongodb';
import type { RunInTransaction } from '../domain/context.ts';

/**
 * The use cases' transaction: state changes and the events they cause commit together in the
 * outbox; the relay started by main.ts publishes them. Work may be retried by the driver (a write
 * conflict under concurrency), so it writes only through `tx.session`.
 */
export function createOutboxTransaction(client: MongoClient, db: Db): RunInTransaction {
  return (work) =>
    withOutbox(client, db, (session, stage) =>
      work({ session, stage: (type, data) => stage(createEvent(type, data, { source: 'product' })) }),
    );
}
