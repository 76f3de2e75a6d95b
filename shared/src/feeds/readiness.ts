/**
 * A feed reader in the readiness report. Until it has caught up once its copy is incomplete (a
 * revocation, a price could be missing), so the task is not ready: `feed-<name>` fails. After
 * that an owner outage only makes the copy older, not wrong: `feed-<name>-fresh` reports
 * `degraded` and the task stays ready (the same reasoning as open breakers in health.ts).
 */
import type { Readiness } from '../http/health.ts';
import type { FeedReader } from './reader.ts';

export function registerFeedReadiness(readiness: Readiness, reader: FeedReader<unknown>): void {
  readiness.register(`feed-${reader.name}`, () => {
    if (!reader.status().ready) throw new Error(`the ${reader.name} feed has not caught up yet`);
  });
  readiness.register(
    `feed-${reader.name}-fresh`,
    () => {
      const { fresh, consecutiveFailures } = reader.status();
      if (!fresh) throw new Error(`the last ${consecutiveFailures} polls of the ${reader.name} feed failed`);
    },
    { critical: false },
  );
}
