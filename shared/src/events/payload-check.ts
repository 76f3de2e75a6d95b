import { Compile } from 'typebox/compile';
import type { EventType } from '../catalogue.ts';
import { normalizeErrors } from '../http/validation.ts';
import { eventDataSchemas } from './schemas.ts';

type Checker = ReturnType<typeof Compile>;
const checkers = new Map<EventType, Checker>();

function checkerFor(type: EventType): Checker {
  let checker = checkers.get(type);
  if (!checker) {
    // Compiled on first use: a service compiles only the few types it produces or consumes.
    checker = Compile(eventDataSchemas[type]);
    checkers.set(type, checker);
  }
  return checker;
}

/** Why `data` is not a valid payload of `type` (the first few offending fields), or undefined when it is. */
export function eventDataProblem(type: EventType, data: unknown): string | undefined {
  const checker = checkerFor(type);
  if (checker.Check(data)) return undefined;
  // The same one-line-per-field wording as the HTTP API's 400s.
  const errors = normalizeErrors([...checker.Errors(data)] as Parameters<typeof normalizeErrors>[0]);
  return (
    errors
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message}`)
      .join('; ') || 'invalid payload'
  );
}

/** A producer built a payload its own schema refuses: a programming error, so the write must fail. */
export class InvalidEventPayloadError extends Error {
  constructor(type: EventType, problem: string) {
    super(`invalid ${type} payload: ${problem}`);
    this.name = 'InvalidEventPayloadError';
  }
}
