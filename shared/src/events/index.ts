/** Events between services: envelope, bus port and adapters, outbox, idempotent consumers. */
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
export { createEventBus, EVENT_BUS_DB_NAME, type EventBusConfig } from './factory.ts';
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
export {
  type ConsumeOptions,
  type Consumer,
  type EventBus,
  type EventHandler,
  type EventHandlers,
  MAX_RECEIVES,
  type PublishOptions,
} from './port.ts';
export { createSnsSqsEventBus, type SnsSqsBusOptions } from './sns-sqs.ts';
