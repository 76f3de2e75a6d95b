import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: refresh tokens, reset and set-password tokens. */
export function generateOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Only this hash is stored. A plain SHA-256 suffices (no salt, no slow hash): the input has 256
 * bits of entropy, so there is nothing to brute-force, and lookups by hash stay indexable.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
