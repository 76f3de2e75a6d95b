import type { ConsumerName } from '../catalogue.ts';

/**
 * What an operator sees of one dead letter: enough to decide about a redrive, never the event's
 * data (some events carry single-use tokens, e.g. password resets).
 */
export interface DeadLetterSummary {
  /** The event id (the envelope's `id`): what `redrive` takes. */
  id: string;
  type: string;
  /** Handler attempts before the message was dead-lettered. */
  attempts: number;
  /** Why the attempt that dead-lettered it failed; null where the broker records no reason (SQS). */
  reason: string | null;
  /** When it was dead-lettered; null where the broker does not record it (SQS keeps the enqueue time). */
  deadLetteredAt: Date | null;
}

export interface DeadLetterPage {
  /** Dead letters of the consumer in all (approximate on SQS). */
  total: number;
  /** The requested window of them, oldest first. */
  letters: DeadLetterSummary[];
}

/**
 * The operator's port onto the bus's dead letters, one adapter per bus: the document store
 * (`docStoreDeadLetters`, local and tests) and SQS (`createSqsDeadLetterAdmin`, AWS). A separate
 * port from `EventBus`: a consuming service's bus knows its own queue only, the operator all of them.
 */
export interface DeadLetterAdmin {
  readonly kind: 'sns-sqs' | 'docstore';
  list(consumer: ConsumerName, window: { offset: number; limit: number }): Promise<DeadLetterPage>;
  /**
   * Moves dead letters back to the consumer's queue with a fresh receive count: the given event ids,
   * or all of them. Answers how many messages were moved (on SQS, for "all", how many the move task
   * started with: it runs on asynchronously).
   */
  redrive(consumer: ConsumerName, eventIds?: readonly string[]): Promise<number>;
}
