/**
 * The platform's service credential: one shared secret that every backend service holds (an ECS
 * secret from Secrets Manager in AWS, `.data/service-credential` locally). `/internal/*` routes
 * refuse callers that do not present it, because inside the VPC every task can reach every port.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Request header carrying the credential on calls to `/internal/*`. */
export const SERVICE_CREDENTIAL_HEADER = 'x-service-credential';
/** Environment variable holding the credential in every backend service. */
export const SERVICE_CREDENTIAL_ENV = 'SERVICE_CREDENTIAL';
/** 32 random bytes in base64url are 43 characters; anything shorter is not one of ours. */
export const MIN_SERVICE_CREDENTIAL_LENGTH = 32;

/** A new credential: 32 random bytes, base64url (what the local runner writes once). */
export function generateServiceCredential(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison takes the same time
 * whatever the presented length is (timingSafeEqual itself refuses inputs of different lengths).
 */
export function credentialMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || presented === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/** Headers a caller attaches to every call of another service's `/internal/*` routes. */
export function serviceCredentialHeaders(credential: string): Record<string, string> {
  return { [SERVICE_CREDENTIAL_HEADER]: credential };
}
