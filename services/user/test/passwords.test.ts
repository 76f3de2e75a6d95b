import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../src/passwords/hasher.ts';
import { isCommonPassword, passwordWeakness } from '../src/passwords/policy.ts';

describe('password policy', () => {
  it('refuses passwords shorter than 10 characters and says why', () => {
    expect(passwordWeakness('Sh0rt!pw')).toMatch(/at least 10 characters/);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordWeakness('ééééééééé')).toMatch(/at least 10/);
    expect(passwordWeakness('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBeUndefined();
  });

  it('refuses common passwords case-insensitively', () => {
    expect(passwordWeakness('Password123')).toMatch(/too common/);
    expect(passwordWeakness('QWERTYUIOP')).toMatch(/too common/);
    expect(isCommonPassword('  1234567890 ')).toBe(true);
  });

  it('accepts a long uncommon passphrase', () => {
    expect(passwordWeakness('violet tractor sings at dawn')).toBeUndefined();
  });

  it('caps the length so a huge body cannot burn argon2 time', () => {
    expect(passwordWeakness('x'.repeat(257))).toMatch(/at most 256/);
  });
});

describe('argon2id hasher', () => {
  it('hashes with argon2id and the OWASP baseline by default, and verifies', async () => {
    const hasher = await createPasswordHasher();
    const hash = await hasher.hash('violet tractor sings at dawn');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(hash, 'violet tractor sings at dawn')).toBe(true);
    expect(await hasher.verify(hash, 'violet tractor sings at dusk')).toBe(false);
  });

  it('treats a malformed stored hash as a failed verification', async () => {
    const hasher = await createPasswordHasher();
    expect(await hasher.verify('not-a-hash', 'anything at all')).toBe(false);
  });

  it('spends comparable time on the dummy hash as on a real verification', async () => {
    const hasher = await createPasswordHasher();
    const hash = await hasher.hash('violet tractor sings at dawn');
    const time = async (fn: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - start);
    };
    // Interleaved, medians: a busy machine slows both sides alike.
    const real: number[] = [];
    const dummy: number[] = [];
    for (let i = 0; i < 7; i++) {
      real.push(await time(() => hasher.verify(hash, 'wrong password here')));
      dummy.push(await time(() => hasher.verifyAgainstDummy('wrong password here')));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[3]!;
    const ratio = median(dummy) / median(real);
    // Same parameters, same work: within a factor of three even on a busy CI machine.
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});
