import { randomUUID } from 'node:crypto';
import { type EventPayloads, type EventType, events, type ProducerName } from '../catalogue.ts';
import { eventDataProblem, InvalidEventPayloadError } from './payload-check.ts';

/** The envelope of events.md. `version` changes only when `data` changes incompatibly. */
export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  /** ISO-8601, UTC. */
  occurredAt: string;
  /** The producing service. */
  source: ProducerName;
  /** Ties together every event of one business flow (e.g. one checkout). */
  correlationId: string;
  data: EventPayloads[T];
}

/** Any catalogued event, discriminated by `type`. */
export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

export interface CreateEventOptions {
  source: ProducerName;
  /** Defaults to the new event's id: it starts a flow. Pass the triggering event's correlationId otherwise. */
  correlationId?: string;
  version?: number;
  /** For tests and replays; defaults to now. */
  occurredAt?: Date;
}

export function createEvent<T extends EventType>(
  type: T,
  data: EventPayloads[T],
  opts: CreateEventOptions,
): EventEnvelope<T> {
  const spec = events[type] as (typeof events)[T] | undefined;
  // Typed callers cannot get here with an unknown type; untyped ones (JS, casts) get told.
  if (!spec) throw new Error(`unknown event type ${String(type)}`);
  const producer = spec.producer;
  if (producer !== opts.source) {
    // Each topic belongs to one producer: a service publishing another's event is a bug.
    throw new Error(`event ${type} is produced by ${producer}, not ${opts.source}`);
  }
  // Checked here, before any outbox sees it: a bad payload fails the producer's write, so no
  // consumer ever has to dead-letter what our own code built.
  const problem = eventDataProblem(type, data);
  if (problem) throw new InvalidEventPayloadError(type, problem);
  const id = randomUUID();
  return {
    id,
    type,
    version: opts.version ?? 1,
    occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
    source: opts.source,
    correlationId: opts.correlationId ?? id,
    data,
  };
}

export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.hasOwn(events, type);
}

/**
 * A message body from the wire → envelope, or a reason why not. The shape is checked, and so is
 * `data` of a catalogued type against its schema: a producer running an older or newer build, or a
 * hand-written message, must not reach a handler that trusts its types.
 */
export function parseEnvelope(
  body: string,
): { ok: true; event: EventEnvelope } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'body is not an object' };
  const e = value as Record<string, unknown>;
  for (const field of ['id', 'type', 'occurredAt', 'source', 'correlationId'] as const) {
    if (typeof e[field] !== 'string' || e[field] === '') return { ok: false, reason: `missing ${field}` };
  }
  if (typeof e.version !== 'number') return { ok: false, reason: 'missing version' };
  if (typeof e.data !== 'object' || e.data === null) return { ok: false, reason: 'missing data' };
  // Each event type has one producer: `order.placed` claiming to come from `user` is forged or a bug,
  // and must not run a saga step (it stays for redelivery and lands in the dead-letter queue).
  if (isEventType(e.type) && events[e.type].producer !== e.source) {
    return { ok: false, reason: `${e.type} is produced by ${events[e.type].producer}, not ${e.source}` };
  }
  if (isEventType(e.type)) {
    const problem = eventDataProblem(e.type, e.data);
    if (problem) return { ok: false, reason: `invalid ${e.type} data: ${problem}` };
  }
  return { ok: true, event: value as EventEnvelope };
}
