import type { ConsumerName, EventType } from '../catalogue.ts';
import type { EventEnvelope } from './envelope.ts';

export interface PublishOptions {
  /** X-Ray trace header to carry; defaults to the current trace (the outbox relay passes the staged one). */
  traceHeader?: string;
}

export type EventHandler<T extends EventType = EventType> = (event: EventEnvelope<T>) => Promise<void>;

export type EventHandlers = Partial<{ [T in EventType]: EventHandler<T> }>;

export interface ConsumeOptions {
  /** Handlers running at once; default 4. */
  concurrency?: number;
  /** How long a received message stays invisible to others; extended while its handler runs. Default 30 s. */
  visibilityTimeoutMs?: number;
}

export interface Consumer {
  /** Stops polling, waits for in-flight handlers to finish. */
  stop(): Promise<void>;
}

/**
 * The event bus port. Delivery is at least once: handlers must be idempotent (see `idempotent`).
 * A handler that throws leaves the message for redelivery; after MAX_RECEIVES receives it is
 * dead-lettered. A malformed message (see `MalformedEventError`) is dead-lettered without retries.
 */
export interface EventBus {
  readonly kind: 'sns-sqs' | 'docstore';
  publish(event: EventEnvelope, opts?: PublishOptions): Promise<void>;
  /**
   * Publishes several events in few round trips (the outbox relay's batches), in their order.
   * All or nothing as far as the caller knows: on a rejection some may be queued already, so the
   * caller publishes them again one by one (consumers dedupe). Optional: adapters without it get
   * `publish` per event.
   */
  publishMany?(batch: readonly { event: EventEnvelope; traceHeader?: string }[]): Promise<void>;
  consume(consumer: ConsumerName, handlers: EventHandlers, opts?: ConsumeOptions): Consumer;
  /** Readiness: whether the broker answers. */
  isReady(): Promise<boolean>;
  /** Stops every consumer started on this bus and releases connections. */
  close(): Promise<void>;
}

/** Declared with the queues in the catalogue (the CDK reads it there); re-exported for the buses. */
export { MAX_RECEIVES } from '../catalogue.ts';
