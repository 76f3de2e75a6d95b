/** Driver errors the platform reacts to by meaning rather than by code number. */
import { type ClientSession, MongoServerError } from 'mongodb';

/** MongoDB's and DocumentDB's code for a write that breaks a unique index (E11000). */
const DUPLICATE_KEY = 11000;

/**
 * A write refused because a unique index already holds the key — from insertOne/updateOne, a bulk
 * write (MongoBulkWriteError is a MongoServerError) or inside a transaction. The usual reaction is
 * an idempotent outcome ("already there") or a 409, never a 500.
 */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

/**
 * For the catch of an insert (or upsert) inside a transaction: two transactions creating the same
 * new document race, and the loser's write fails with a duplicate key — a write conflict in all
 * but name. Labelled transient, the driver's `withTransaction` runs the loser's whole transaction
 * again, and the retry sees the winner's document (apply-if-newer projections compare versions).
 * Always rethrows `err`; outside a transaction it is left as it is.
 */
export function rethrowDuplicateKeyAsConflict(err: unknown, session: ClientSession | undefined): never {
  if (isDuplicateKey(err) && session?.inTransaction())
    (err as MongoServerError).addErrorLabel('TransientTransactionError');
  throw err;
}
