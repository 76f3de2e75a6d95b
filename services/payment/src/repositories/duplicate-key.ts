import { MongoServerError } from 'mongodb';

// TODO(kit-money): `isDuplicateKey` of @b2b/shared/db replaces this once that branch is merged.
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}
