/**
 * Access tokens as the user service signs them (EdDSA, its claims), from a key pair made for the
 * test, and the shared verifier over that key: the product service checks them exactly as in
 * production, only the key set is local instead of fetched.
 */
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, createTokenVerifier, type TokenVerifier } from '@b2b/shared/auth';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestTokens {
  verifier: TokenVerifier;
  admin(): Promise<string>;
  member(companyId: string, companyRole?: 'company_admin' | 'approver' | 'buyer'): Promise<string>;
  /** A user of no company and no platform role. */
  loner(): Promise<string>;
}

export async function createTestTokens(): Promise<TestTokens> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const verifier = createTokenVerifier({ keys: createLocalJWKSet({ keys: [jwk] }) });
  const sign = (claims: { companyId: string | null; companyRole: string | null; roles: string[] }) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(randomUUID())
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(privateKey);
  return {
    verifier,
    admin: () => sign({ companyId: null, companyRole: null, roles: ['admin'] }),
    member: (companyId, companyRole = 'buyer') => sign({ companyId, companyRole, roles: [] }),
    loner: () => sign({ companyId: null, companyRole: null, roles: [] }),
  };
}
