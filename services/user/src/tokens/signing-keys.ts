import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/** Access tokens live 15 minutes; a retired key stays published this long after its successor. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Clock skew between tasks and verifiers that a retired key's publication also covers. */
const PUBLICATION_MARGIN_SECONDS = 5 * 60;

const Ed25519PublicJwk = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ minLength: 1 }),
});
const Ed25519PrivateJwk = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ minLength: 1 }),
  d: Type.String({ minLength: 1 }),
});

const StoredSigningKeySchema = Type.Object({
  kid: Type.String({ minLength: 1 }),
  alg: Type.Literal('EdDSA'),
  createdAt: Type.String(),
  /** A new key is published before tasks start signing with it, so every verifier knows it first. */
  activatesAt: Type.String(),
  publicJwk: Ed25519PublicJwk,
  privateJwk: Ed25519PrivateJwk,
});

/** The persisted key set (file locally, Secrets Manager in AWS): newest key first. */
export const StoredKeySetSchema = Type.Object({
  version: Type.Literal(1),
  keys: Type.Array(StoredSigningKeySchema, { minItems: 1 }),
});

export type StoredSigningKey = Static<typeof StoredSigningKeySchema>;
export type StoredKeySet = Static<typeof StoredKeySetSchema>;

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** Whether a stored value looks like a key set at all (anything else is treated as "no key set yet"). */
export function looksLikeKeySet(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);
}

/** Validates a stored key set; a malformed one stops the service instead of being overwritten. */
export function parseKeySet(value: unknown): StoredKeySet {
  if (!Value.Check(StoredKeySetSchema, value)) {
    const first = [...Value.Errors(StoredKeySetSchema, value)][0];
    throw new Error(`Stored JWT key set is malformed (${first?.instancePath ?? ''} ${first?.message ?? ''})`);
  }
  return value;
}

export function generateSigningKey(now: Date, activatesAt: Date = now): StoredSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'jwk' });
  const priv = privateKey.export({ format: 'jwk' });
  return {
    // Date prefix so operators can tell keys apart; random suffix so two rotations never collide.
    kid: `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('base64url')}`,
    alg: 'EdDSA',
    createdAt: now.toISOString(),
    activatesAt: activatesAt.toISOString(),
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: pub.x! },
    privateJwk: { kty: 'OKP', crv: 'Ed25519', x: priv.x!, d: priv.d! },
  };
}

export function createKeySet(now: Date): StoredKeySet {
  return { version: 1, keys: [generateSigningKey(now)] };
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * A key is published while it may still verify tokens: it is the newest, its successor has not
 * activated yet, or its successor activated less than a token lifetime (plus margin) ago.
 */
function stillPublished(keys: StoredSigningKey[], index: number, nowS: number): boolean {
  const successor = keys[index - 1];
  if (!successor) return true;
  return nowS < seconds(successor.activatesAt) + ACCESS_TOKEN_TTL_SECONDS + PUBLICATION_MARGIN_SECONDS;
}

/**
 * Rotation: prepend a new key that activates after `activateAfterSeconds` (long enough for every
 * task to reload the set and every verifier to see the new key in the JWKS), keep the current key
 * (it stays published until its last token expires) and drop keys whose tokens are long gone.
 */
export function rotateKeySet(set: StoredKeySet, now: Date, activateAfterSeconds: number): StoredKeySet {
  const next = generateSigningKey(now, new Date(now.getTime() + activateAfterSeconds * 1000));
  const nowS = now.getTime() / 1000;
  const kept = set.keys.filter((_key, index) => stillPublished(set.keys, index, nowS));
  return { version: 1, keys: [next, ...kept] };
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** The in-memory view of a key set: which key signs now, which public keys are published. */
export class SigningKeyRing {
  private readonly privateKeys = new Map<string, KeyObject>();

  constructor(readonly keySet: StoredKeySet) {
    for (const key of keySet.keys) {
      this.privateKeys.set(key.kid, createPrivateKey({ key: key.privateJwk, format: 'jwk' }));
      // Fail at load time, not at the first verification, if the public half does not parse.
      createPublicKey({ key: key.publicJwk, format: 'jwk' });
    }
  }

  /** The newest key that has activated. Before any has (never in practice), the oldest one. */
  signingKey(now: Date): SigningKey {
    const nowS = now.getTime() / 1000;
    const active = this.keySet.keys.find((k) => seconds(k.activatesAt) <= nowS) ?? this.keySet.keys.at(-1)!;
    return { kid: active.kid, privateKey: this.privateKeys.get(active.kid)! };
  }

  /** JWKS: future keys, the signing key, and retired keys whose tokens may still be alive. */
  publicJwks(now: Date): { keys: PublicJwk[] } {
    const nowS = now.getTime() / 1000;
    const keys = this.keySet.keys;
    return {
      keys: keys
        .filter((_key, index) => stillPublished(keys, index, nowS))
        .map((k) => ({ ...k.publicJwk, kid: k.kid, alg: 'EdDSA' as const, use: 'sig' as const })),
    };
  }
}
