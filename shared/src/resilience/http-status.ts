import { isAppError } from '../errors.ts';

/** The HTTP status an error carries (`status` / `statusCode`, as AppError, fastify and AWS errors do). */
export function statusOf(err: unknown): number | undefined {
  if (isAppError(err)) return err.status;
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
  for (const candidate of [e.status, e.statusCode, e.$metadata?.httpStatusCode]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate)) return candidate;
  }
  return undefined;
}

/** A caller's mistake (4xx): the downstream is healthy, so it must not trip a breaker nor be retried. */
export function isClientError(err: unknown): boolean {
  const status = statusOf(err);
  return status !== undefined && status >= 400 && status < 500;
}
