import { isDuplicateKey } from '@b2b/shared/db';

/**
 * Which unique field a refused write collided on (sku or slug decide the 409's message), or
 * undefined when the error is not a duplicate key.
 */
export function duplicateKeyField(err: unknown): string | undefined {
  if (!isDuplicateKey(err)) return undefined;
  const pattern = (err as { keyPattern?: Record<string, unknown> }).keyPattern;
  return pattern ? Object.keys(pattern)[0] : '_id';
}
