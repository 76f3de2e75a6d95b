import { type ConsumerName, consumers, isConsumer } from '@b2b/shared/catalogue';
import type { DeadLetterAdmin, DeadLetterPage } from '@b2b/shared/events';
import { notificationErrors } from './errors.ts';

export interface ConsumerDeadLetterPage extends DeadLetterPage {
  consumer: ConsumerName;
}

function knownConsumer(name: string): ConsumerName {
  if (!isConsumer(name)) throw notificationErrors.deadLetterConsumerNotFound();
  return name;
}

/** One consumer's page of dead letters, or every catalogue consumer's (the same page of each). */
export async function listDeadLetters(
  admin: DeadLetterAdmin,
  query: { page: number; limit: number; consumer?: string | undefined },
): Promise<ConsumerDeadLetterPage[]> {
  const chosen = query.consumer === undefined ? consumers : [knownConsumer(query.consumer)];
  const window = { offset: (query.page - 1) * query.limit, limit: query.limit };
  return Promise.all(chosen.map(async (consumer) => ({ consumer, ...(await admin.list(consumer, window)) })));
}

export async function redriveDeadLetters(
  admin: DeadLetterAdmin,
  consumer: string,
  eventIds: readonly string[] | undefined,
): Promise<number> {
  return admin.redrive(knownConsumer(consumer), eventIds);
}
