import { describe, expect } from 'vitest';
import { sweepExpiredLocks } from '../src/domain/login.ts';
import { createPasswordHasher } from '../src/passwords/hasher.ts';
import { startUserApp } from './support/user-app.ts';
import { it } from './support/user-test.ts';

const minutes = (n: number) => n * 60_000;

describe('login lockout', () => {
  it('locks after 5 failures within 15 minutes, logs the lock and its end by user id only, and unlocks after 15 minutes', async ({
    svc,
  }) => {
    const u = await svc.register();
    for (let i = 0; i < 5; i++) {
      await svc.call('POST', '/auth/login', { body: { email: u.email, password: `wrong guess ${i}` } });
    }
    const locked = await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBe(900);

    const lockLog = svc.logs.find((l) => l.msg === 'login locked after repeated failures');
    expect(lockLog).toMatchObject({ userId: u.userId });

    svc.advance(minutes(10));
    const still = await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } });
    expect(still.statusCode).toBe(429);
    expect(Number(still.headers['retry-after'])).toBe(300);

    svc.advance(minutes(5) + 1_000);
    expect(
      (await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } })).statusCode,
    ).toBe(200);
    expect(svc.logs.find((l) => l.msg === 'login lock ended')).toMatchObject({ userId: u.userId });

    // No log line carries the email or a password.
    const text = JSON.stringify(svc.logs);
    expect(text).not.toContain(u.email);
    expect(text).not.toContain(u.password);
    expect(text).not.toContain('wrong guess');
  });

  it('a right guess whose verification finishes after parallel failures locked the account gets 429', async ({
    dbServer,
  }) => {
    // A hasher that holds the verification of one password until the test releases it, so the
    // interleaving of a parallel burst is fixed rather than left to the thread pool.
    const real = await createPasswordHasher();
    const heldPassword = 'the held right passphrase';
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let heldStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      heldStarted = resolve;
    });
    const held = await startUserApp(dbServer, {
      hasher: {
        ...real,
        async verify(hash, password) {
          if (password === heldPassword) {
            heldStarted();
            await released;
          }
          return real.verify(hash, password);
        },
      },
    });
    try {
      const u = await held.register({ password: heldPassword });
      const rightGuess = held.call('POST', '/auth/login', {
        body: { email: u.email, password: heldPassword },
      });
      await started;
      for (let i = 0; i < 5; i++) {
        const res = await held.call('POST', '/auth/login', {
          body: { email: u.email, password: `guess ${i}` },
        });
        expect(res.statusCode).toBe(401);
      }
      release();
      const res = await rightGuess;
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('ACCOUNT_LOCKED');
      expect(res.body).not.toContain('accessToken');
    } finally {
      await held.close();
    }
  });

  it('forgets failures older than 15 minutes', async ({ svc }) => {
    const u = await svc.register();
    for (let i = 0; i < 4; i++) {
      await svc.call('POST', '/auth/login', { body: { email: u.email, password: `wrong guess ${i}` } });
    }
    svc.advance(minutes(16));
    await svc.call('POST', '/auth/login', { body: { email: u.email, password: 'one more wrong guess' } });
    expect(
      (await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } })).statusCode,
    ).toBe(200);
  });

  it('a successful login clears the failure count', async ({ svc }) => {
    const u = await svc.register();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        await svc.call('POST', '/auth/login', { body: { email: u.email, password: `wrong guess ${i}` } });
      }
      expect(
        (await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } }))
          .statusCode,
      ).toBe(200);
    }
  });

  it('the sweeper logs the end of a lock nobody retried after', async ({ svc }) => {
    const u = await svc.register();
    for (let i = 0; i < 5; i++) {
      await svc.call('POST', '/auth/login', { body: { email: u.email, password: `wrong guess ${i}` } });
    }
    svc.advance(minutes(16));
    const before = svc.logs.filter((l) => l.msg === 'login lock ended' && l.userId === u.userId).length;
    expect(await sweepExpiredLocks(svc.app.identity)).toBeGreaterThanOrEqual(1);
    const after = svc.logs.filter((l) => l.msg === 'login lock ended' && l.userId === u.userId).length;
    expect(after).toBe(before + 1);
  });
});
