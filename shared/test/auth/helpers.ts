// Test helpers: locally generated signing keys, a JWKS served over HTTP, and token minting.

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'EdDSA' | 'RS256';
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

export async function newSigningKey(alg: 'EdDSA' | 'RS256' = 'EdDSA'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenClaims {
  sub?: string;
  jti?: string;
  companyId?: string | null;
  companyRole?: string | null;
  roles?: string[];
  iat?: number;
  exp?: number;
  iss?: string;
  aud?: string;
}

export const nowSec = () => Math.floor(Date.now() / 1000);

export async function mint(key: SigningKey, claims: TokenClaims = {}): Promise<string> {
  const {
    sub = 'user-1',
    jti = randomUUID(),
    iat = nowSec(),
    exp = nowSec() + 900,
    iss,
    aud,
    ...rest
  } = claims;
  const jwt = new SignJWT({ companyId: 'company-1', companyRole: 'buyer', roles: [], ...rest })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(exp);
  if (sub) jwt.setSubject(sub);
  if (jti) jwt.setJti(jti);
  if (iss) jwt.setIssuer(iss);
  if (aud) jwt.setAudience(aud);
  return jwt.sign(key.privateKey);
}

export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A JWKS endpoint whose key list the test changes, counting fetches. */
export interface JwksServer {
  url: string;
  keys: JWK[];
  fetches: number;
  down: boolean;
  /** Accept requests but never answer (a hung user service). */
  hang: boolean;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state = { keys, fetches: 0, down: false, hang: false };
  const server: Server = createServer((_req, res) => {
    state.fetches++;
    if (state.hang) return;
    if (state.down) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/auth/jwks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as JwksServer;
}
