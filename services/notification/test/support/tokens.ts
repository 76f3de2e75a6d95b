/** Access tokens as the user service signs them (EdDSA), verified by the real platform auth. */
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, createPlatformAuth, type PlatformAuth } from '@b2b/shared/auth';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestTokens {
  auth: PlatformAuth;
  token(claims: { sub: string; companyId?: string; companyRole?: string; roles?: string[] }): Promise<string>;
}

export async function createTestTokens(): Promise<TestTokens> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'EdDSA', use: 'sig' };
  const auth = createPlatformAuth({
    keys: createLocalJWKSet({ keys: [jwk] }),
    revocations: { isRevoked: () => false },
  });
  return {
    auth,
    token: ({ sub, ...claims }) =>
      new SignJWT({ roles: [], ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'test' })
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(privateKey),
  };
}
