import { createKeySet, looksLikeKeySet, parseKeySet, type StoredKeySet } from './signing-keys.ts';

/**
 * Where the signing key set lives: a local file in development, a Secrets Manager secret in AWS.
 * Chosen by configuration in main.ts; tests pass a key set directly.
 */
export interface KeySetStore {
  /** Human description for logs (a path or an ARN, never key material). */
  readonly description: string;
  /** The stored value, parsed as JSON, or undefined when nothing is stored yet. */
  read(): Promise<unknown>;
  /**
   * Store the first key set unless another process stored one meanwhile (then keep theirs).
   * Returns nothing: callers read back what won.
   */
  createIfAbsent(set: StoredKeySet): Promise<void>;
  /** Replace the key set (rotation). */
  replace(set: StoredKeySet): Promise<void>;
}

/** Load the key set, generating and storing one on first start. Two tasks racing converge on one set. */
export async function loadOrCreateKeySet(store: KeySetStore, now = new Date()): Promise<StoredKeySet> {
  const existing = await store.read();
  if (looksLikeKeySet(existing)) return parseKeySet(existing);
  await store.createIfAbsent(createKeySet(now));
  const stored = await store.read();
  if (!looksLikeKeySet(stored)) throw new Error(`No JWT key set in ${store.description} after creating one`);
  return parseKeySet(stored);
}
