/** Driver errors the platform reacts to by meaning rather than by code number. */
import { MongoServerError } from 'mongodb';

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
