/**
 * Child process of events-crash.test.ts: consumes notification events and, on the first one, says
 * so on stdout and never finishes: the parent kills it with SIGKILL while the handler is in flight.
 */
import { createDocStoreEventBus } from '@b2b/shared/events';
import { MongoClient } from 'mongodb';

const client = new MongoClient(process.env.TEST_MONGODB_URI ?? '');
const bus = createDocStoreEventBus({ db: client.db(process.env.TEST_DB_NAME ?? ''), minPollMs: 10 });
bus.consume(
  'notification',
  {
    'user.registered': async (event) => {
      process.stdout.write(`${JSON.stringify({ handling: event.id })}\n`);
      await new Promise(() => {});
    },
  },
  { visibilityTimeoutMs: Number(process.env.TEST_VISIBILITY_MS ?? 30_000) },
);
