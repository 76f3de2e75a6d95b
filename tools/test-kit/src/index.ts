/** @b2b/test-kit: test support only; nothing deployed may import it (a test enforces that). */
export { databaseTest, freshDbName, freshMongo } from './fixtures.ts';
export { type PollOptions, PollTimeoutError, pollUntil } from './poll.ts';
