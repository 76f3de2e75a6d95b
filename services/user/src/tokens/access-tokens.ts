import { randomUUID } from 'node:crypto';
import type { CompanyRole } from '@b2b/shared/auth';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_TTL_SECONDS, type SigningKeyRing } from './signing-keys.ts';

/** What an access token says about its holder. */
export interface AccessTokenSubject {
  userId: string;
  companyId: string | null;
  companyRole: CompanyRole | null;
  roles: string[];
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  expiresIn: number;
  exp: number;
}

/**
 * Signs 15-minute EdDSA access tokens with the ring's current key. `notBeforeSeconds` is the
 * user's "tokens issued before this second are invalid" marker: a token issued in that same
 * second carries it as `iat`, so it is not caught by its own user's revocation.
 */
export async function issueAccessToken(
  ring: SigningKeyRing,
  subject: AccessTokenSubject,
  now: Date,
  notBeforeSeconds = 0,
): Promise<IssuedAccessToken> {
  const { kid, privateKey } = ring.signingKey(now);
  const iat = Math.max(Math.floor(now.getTime() / 1000), notBeforeSeconds);
  const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
  const jti = randomUUID();
  const token = await new SignJWT({
    companyId: subject.companyId,
    companyRole: subject.companyRole,
    roles: subject.roles,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setSubject(subject.userId)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
  return { token, jti, exp, expiresIn: exp - Math.floor(now.getTime() / 1000) };
}
