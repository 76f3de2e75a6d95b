import { MongoServerError } from 'mongodb';

/**
 * The field of a unique index a write collided on, or undefined when the error is something else.
 * (The user service has its own `isDuplicateKey`; one shared definition belongs in @b2b/shared/db.)
 */
export function duplicateKeyField(err: unknown): string | undefined {
  if (!(err instanceof MongoServerError) || err.code !== 11000) return undefined;
  const pattern = (err as { keyPattern?: Record<string, unknown> }).keyPattern;
  return pattern ? Object.keys(pattern)[0] : '_id';
}
