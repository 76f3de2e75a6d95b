/**
 * The platform harness itself: real service processes, through the real gateway. Slow (child
 * processes under tsx), so one platform for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markPlanned } from '../src/catalogue.ts';
import { type Platform, PlatformStartError, startableServices, startPlatform } from '../src/platform.ts';
import { pollUntil } from '../src/poll.ts';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ services: ['user'], gateway: true });
}, 180_000);
afterAll(async () => {
  await platform?.stop();
}, 60_000);

async function register(tag: string): Promise<Response> {
  return fetch(`${platform.apiUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `kit.${tag}@example.com`,
      password: `a sturdy passphrase ${tag}`,
      name: `Kit ${tag}`,
      companyName: `Kit Firm ${tag}`,
    }),
  });
}

describe('startPlatform', () => {
  it('a registration through the gateway reaches the user service process and its database', async () => {
    const tag = Date.now().toString(36);
    const res = await register(tag);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: { email: string }; accessToken: string };
    expect(body.user.email).toBe(`kit.${tag}@example.com`);
    expect(typeof body.accessToken).toBe('string');
    // The token works through the gateway (verified against the user process's JWKS).
    const me = await fetch(`${platform.apiUrl}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(`kit.${tag}@example.com`);
    // Stored where the service's environment says: database `user` of the platform's server.
    expect(
      await platform
        .db('user')
        .collection('users')
        .countDocuments({ email: `kit.${tag}@example.com` }),
    ).toBe(1);
    // And the event reached the document-store bus through the outbox relay.
    await pollUntil(
      async () =>
        (await platform.db('user').collection('outbox').countDocuments({ type: 'user.registered' })) > 0,
      { timeoutMs: 10_000, message: 'user.registered in the outbox' },
    );
  });

  it('without a token the gateway refuses a protected route (negative control)', async () => {
    const me = await fetch(`${platform.apiUrl}/api/v1/users/me`);
    expect(me.status).toBe(401);
  });

  it('kill -9 takes the service down (the gateway answers 503), restart brings it back ready', async () => {
    const { signal } = await platform.kill('user', 'SIGKILL');
    expect(signal).toBe('SIGKILL');
    await expect(fetch(`${platform.serviceUrl('user')}/health`)).rejects.toThrow();
    const down = await register(`down${Date.now().toString(36)}`);
    expect(down.status).toBe(503);

    await platform.restart('user');
    const ready = await fetch(`${platform.serviceUrl('user')}/health/ready`);
    expect(ready.status).toBe(200);
    expect((await register(`back${Date.now().toString(36)}`)).status).toBe(201);
  }, 120_000);

  it('collects each service output', () => {
    expect(platform.output('user').some((line) => line.includes('"service":"user"'))).toBe(true);
  });
});

describe('startPlatform refuses what the catalogue cannot run', () => {
  it('a planned service is refused before anything starts, naming what can start', async () => {
    expect(startableServices()).toContain('search');
    const restore = markPlanned('search');
    try {
      expect(startableServices()).toEqual(expect.arrayContaining(['user', 'api-gateway']));
      expect(startableServices()).not.toContain('search');
    } finally {
      restore();
    }
    const restoreAgain = markPlanned('search');
    const err = await startPlatform({ services: ['search'] })
      .catch((e: unknown) => e)
      .finally(restoreAgain);
    expect(err).toBeInstanceOf(PlatformStartError);
    expect((err as Error).message).toMatch(/^cannot start search: only live catalogue services/);
  });

  it('a service that cannot start fails with its own output in the error', async () => {
    const err = await startPlatform({
      services: ['user'],
      env: { user: { NODE_ENV: 'production' } },
      readyTimeoutMs: 60_000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformStartError);
    expect((err as Error).message).toMatch(/^user exited \(code \d+\) before it was ready/);
    expect((err as Error).message).toContain('--- last output of user ---');
  }, 90_000);
});
