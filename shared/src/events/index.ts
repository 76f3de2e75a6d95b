/** Events between services: envelope, payload schemas, bus port and adapters, outbox, consumers. */
export {
  buildEventHandlers,
  type ConsumerHandlers,
  type EventConsumerOptions,
  type EventsConsumedBy,
  type EventsProducedBy,
  ensureEventConsumerIndexes,
  type HandlerTransaction,
  startEventConsumers,
  type TransactionalHandler,
} from './consumers.ts';
export type { DeadLetterAdmin, DeadLetterPage, DeadLetterSummary } from './dead-letters.ts';
export { MalformedEventError } from './dispatch.ts';
export { createDocStoreEventBus, type DocStoreBusOptions, type DocStoreEventBus } from './docstore.ts';
export { type DeadLetterView, deadLetterName, type QueuedMessage } from './docstore-queues.ts';
export {
  type AnyEventEnvelope,
  type CreateEventOptions,
  createEvent,
  type EventEnvelope,
  isEventType,
  parseEnvelope,
} from './envelope.ts';
export { createDeadLetterAdmin, createEventBus, EVENT_BUS_DB_NAME, type EventBusConfig } from './factory.ts';
export {
  ensureProcessedEventIndexes,
  type IdempotentHandler,
  idempotent,
  PROCESSED_EVENTS_COLLECTION,
} from './idempotent.ts';
export {
  createOutbox,
  ensureOutboxIndexes,
  OUTBOX_COLLECTION,
  type OutboxRecord,
  type OutboxRelay,
  type OutboxRelayOptions,
  startOutboxRelay,
  withOutbox,
} from './outbox.ts';
export { eventDataProblem, InvalidEventPayloadError } from './payload-check.ts';
export {
  type ConsumeOptions,
  type Consumer,
  type EventBus,
  type EventHandler,
  type EventHandlers,
  MAX_RECEIVES,
  type PublishOptions,
} from './port.ts';
export { isRetrySoon, RETRY_SOON_BASE_MS, redeliveryDelayMs } from './redelivery.ts';
export { type EventDataSchemas, eventDataSchemas } from './schemas.ts';
export {
  ensureSideEffectClaimIndexes,
  SIDE_EFFECT_CLAIMS_COLLECTION,
  type SideEffectAction,
  type SideEffectClaim,
  type SideEffectContext,
  type SideEffectHandler,
  SideEffectInProgressError,
  type SideEffectOptions,
  sideEffect,
} from './side-effects.ts';
export { createSnsSqsEventBus, type SnsSqsBusOptions } from './sns-sqs.ts';
export {
  createSqsDeadLetterAdmin,
  SQS_DEAD_LETTER_SCAN_LIMIT,
  type SqsConsumerQueues,
  type SqsDeadLetterAdminOptions,
  sqsConsumerQueuesFromEnv,
} from './sqs-dead-letters.ts';
