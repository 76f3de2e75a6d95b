import type { Logger } from 'pino';
import type { ConsumerName } from '../catalogue.ts';
import { runWithTraceHeader } from '../tracing/index.ts';
import { type EventEnvelope, isEventType, parseEnvelope } from './envelope.ts';
import type { EventHandler, EventHandlers } from './port.ts';

/**
 * A message that can never be handled (not JSON, not an envelope, a payload its schema refuses):
 * redelivering it cannot help, so the buses dead-letter it without waiting for the redrive limit.
 */
export class MalformedEventError extends Error {
  constructor(reason: string) {
    super(`malformed event message: ${reason}`);
    this.name = 'MalformedEventError';
  }
}

export type DispatchOutcome =
  | { outcome: 'handled'; event: EventEnvelope }
  | { outcome: 'ignored'; reason: string };

/**
 * Runs the handler for one message body, inside the trace the producer attached.
 * - `handled`: the handler succeeded → delete the message.
 * - `ignored`: a well-formed event nobody here handles → delete it with a log line.
 * - throws `MalformedEventError`: the body is not a valid event → dead-letter it now.
 * - throws anything else: the handler failed → leave it for redelivery (dead-letter after the limit).
 */
export async function dispatch(
  consumer: ConsumerName,
  handlers: EventHandlers,
  body: string,
  traceHeader: string | undefined,
  log: Logger,
): Promise<DispatchOutcome> {
  const parsed = parseEnvelope(body);
  if (!parsed.ok) throw new MalformedEventError(parsed.reason);
  const event = parsed.event;
  const handler = isEventType(event.type) ? (handlers[event.type] as EventHandler | undefined) : undefined;
  if (!handler) {
    const reason = isEventType(event.type) ? 'no handler' : 'unknown event type';
    log.warn({ consumer, eventId: event.id, type: event.type, reason }, 'event ignored and deleted');
    return { outcome: 'ignored', reason };
  }
  await runWithTraceHeader(traceHeader, `${consumer}:${event.type}`, () => handler(event));
  return { outcome: 'handled', event };
}
