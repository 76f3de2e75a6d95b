/**
 * Child process of events-crash.test.ts: publishes one event on the document-store bus, says so
 * on stdout, and then hangs until it is killed (SIGKILL: no cleanup of any kind runs).
 */
import { createDocStoreEventBus, createEvent } from '@b2b/shared/events';
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.TEST_MONGODB_URI ?? '');
const bus = createDocStoreEventBus({ db: client.db(process.env.TEST_DB_NAME ?? '') });
const event = createEvent(
  'user.registered',
  {
    userId: 'u-crash',
    email: 'crash@example.com',
    name: 'Crash Test',
    companyId: 'c-1',
    companyName: 'ACME',
  },
  { source: 'user' },
);
await bus.publish(event);
process.stdout.write(`${JSON.stringify({ published: event.id })}\n`);
setInterval(() => {}, 60_000);
