import { createPublicKey } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { issueAccessToken } from '../src/tokens/access-tokens.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  createKeySet,
  parseKeySet,
  rotateKeySet,
  SigningKeyRing,
} from '../src/tokens/signing-keys.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const subject = { userId: 'u1', companyId: 'c1', companyRole: 'buyer' as const, roles: [] };

describe('signing key ring', () => {
  it('signs EdDSA access tokens with kid and the agreed claims, verifiable with the published JWKS', async () => {
    const ring = new SigningKeyRing(createKeySet(t0));
    const issued = await issueAccessToken(ring, subject, new Date());
    const header = decodeProtectedHeader(issued.token);
    expect(header).toMatchObject({ alg: 'EdDSA', kid: ring.keySet.keys[0]!.kid });
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(ring.publicJwks(new Date())), {
      algorithms: ['EdDSA'],
    });
    expect(payload).toMatchObject({ sub: 'u1', companyId: 'c1', companyRole: 'buyer', roles: [] });
    expect(payload.jti).toBe(issued.jti);
    expect(payload.exp! - payload.iat!).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(issued.expiresIn).toBe(900);
  });

  it('publishes public keys only', () => {
    const ring = new SigningKeyRing(createKeySet(t0));
    const [jwk] = ring.publicJwks(t0).keys;
    expect(jwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: expect.any(String),
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(createPublicKey({ key: { ...jwk! }, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
  });

  it('publishes a rotated key before signing with it, and the old key until its tokens expired', () => {
    const first = createKeySet(t0);
    const oldKid = first.keys[0]!.kid;
    const rotated = rotateKeySet(first, later(100), 600); // new key activates at t0+700
    const newKid = rotated.keys[0]!.kid;
    const ring = new SigningKeyRing(rotated);
    const kids = (at: Date) => ring.publicJwks(at).keys.map((k) => k.kid);

    expect(ring.signingKey(later(200)).kid).toBe(oldKid);
    expect(kids(later(200))).toEqual([newKid, oldKid]);
    expect(ring.signingKey(later(700)).kid).toBe(newKid);
    // Old tokens signed just before 700 live until 700 + 900; the margin adds 300.
    expect(kids(later(700 + 900))).toEqual([newKid, oldKid]);
    expect(kids(later(700 + 1200 + 1))).toEqual([newKid]);
  });

  it('drops long-retired keys at the next rotation', () => {
    const first = createKeySet(t0);
    const second = rotateKeySet(first, later(10), 0);
    const third = rotateKeySet(second, later(10 + 5000), 0);
    expect(third.keys.map((k) => k.kid)).toEqual([third.keys[0]!.kid, second.keys[0]!.kid]);
  });

  it('refuses a malformed stored key set instead of silently replacing it', () => {
    expect(() => parseKeySet({ version: 1, keys: [{ kid: 'x' }] })).toThrow(/malformed/);
    expect(parseKeySet(JSON.parse(JSON.stringify(createKeySet(t0)))).keys).toHaveLength(1);
  });

  it('issues tokens at or after a user revocation marker so they survive their own revocation', async () => {
    const ring = new SigningKeyRing(createKeySet(t0));
    const now = new Date();
    const marker = Math.floor(now.getTime() / 1000) + 1;
    const issued = await issueAccessToken(ring, subject, now, marker);
    const { payload } = await jwtVerify(issued.token, createLocalJWKSet(ring.publicJwks(now)));
    expect(payload.iat).toBe(marker);
  });
});
