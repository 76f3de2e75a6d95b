import { Type } from 'typebox';
import { closed, paginationProperties, Timestamp } from './common.ts';

/** A catalogue consumer name; an unknown one is a 404 from the domain, not a 400 that lists them. */
const ConsumerName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z-]*$' });
const EventId = Type.String({ minLength: 1, maxLength: 128 });

export const DeadLetterQuery = Type.Object(
  { ...paginationProperties, consumer: Type.Optional(ConsumerName) },
  closed,
);
export const DeadLetterConsumerParams = Type.Object({ consumer: ConsumerName }, closed);

/** One dead letter, without the event's data (some carry single-use tokens). */
export const DeadLetter = Type.Object(
  {
    /** The event id, which redrive takes. */
    id: Type.String(),
    type: Type.String(),
    attempts: Type.Integer({ minimum: 0 }),
    /** Why the last attempt failed; null on SQS, which does not record it (see the consumer's logs). */
    reason: Type.Union([Type.String(), Type.Null()]),
    /** Null on SQS, which does not record it. */
    deadLetteredAt: Type.Union([Timestamp, Type.Null()]),
  },
  closed,
);

export const ConsumerDeadLetters = Type.Object(
  {
    consumer: Type.String(),
    items: Type.Array(DeadLetter),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    limit: Type.Integer({ minimum: 1 }),
  },
  closed,
);

export const DeadLetterOverview = Type.Object(
  {
    consumers: Type.Array(ConsumerDeadLetters),
    bus: Type.Union([Type.Literal('docstore'), Type.Literal('sns-sqs')]),
  },
  closed,
);

/** Without `eventIds`, every dead letter of the consumer goes back. */
export const RedriveBody = Type.Object(
  { eventIds: Type.Optional(Type.Array(EventId, { minItems: 1, maxItems: 100, uniqueItems: true })) },
  closed,
);

export const RedriveResult = Type.Object(
  { consumer: Type.String(), moved: Type.Integer({ minimum: 0 }) },
  closed,
);
