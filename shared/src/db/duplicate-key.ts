import { MongoServerError } from 'mongodb';

/** A write refused by a unique index (E11000): the caller lost a race or repeats itself. */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}
