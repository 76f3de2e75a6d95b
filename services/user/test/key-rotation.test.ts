import { decodeProtectedHeader } from 'jose';
import { describe, expect } from 'vitest';
import { createKeySet, rotateKeySet, SigningKeyRing } from '../src/tokens/signing-keys.ts';
import { userTest } from './support/user-test.ts';

// What a task holds after reloading the key set: swapped by the test like the reload timer does.
let ring = new SigningKeyRing(createKeySet(new Date()));

const it = userTest({ keyRing: () => ring });

describe('signing key rotation', () => {
  it('publishes the new key, signs with it once active, and keeps accepting tokens of the previous key', async ({
    svc,
  }) => {
    const before = await svc.register();
    const oldKid = decodeProtectedHeader(before.accessToken).kid;

    ring = new SigningKeyRing(rotateKeySet(ring.keySet, new Date(), 0));
    const newKid = ring.keySet.keys[0]!.kid;
    const jwks = (await svc.call('GET', '/auth/jwks')).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([newKid, oldKid]);

    // Old token still valid; a refresh now yields a token signed with the new key.
    expect((await svc.call('GET', '/users/me', { token: before.accessToken })).statusCode).toBe(200);
    const renewed = (
      await svc.call('POST', '/auth/refresh', { body: { refreshToken: before.refreshToken } })
    ).json();
    expect(decodeProtectedHeader(renewed.accessToken).kid).toBe(newKid);
    expect((await svc.call('GET', '/users/me', { token: renewed.accessToken })).statusCode).toBe(200);
  });

  it('a key scheduled for later is published at once but does not sign yet', async ({ svc }) => {
    const current = ring.keySet.keys[0]!.kid;
    ring = new SigningKeyRing(rotateKeySet(ring.keySet, new Date(), 600));
    const upcoming = ring.keySet.keys[0]!.kid;
    const jwks = (await svc.call('GET', '/auth/jwks')).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(upcoming);
    const u = await svc.register();
    expect(decodeProtectedHeader(u.accessToken).kid).toBe(current);
  });
});
