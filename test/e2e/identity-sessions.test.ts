/**
 * Identity end to end through the api-gateway: registration, login, refresh rotation and reuse
 * detection, logout, lockout. The user service runs on a real port; the gateway forwards to it.
 */
import { pollUntil } from '@b2b/test-kit/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IdentityStack,
  newRegistration,
  startIdentityStack,
} from '../../services/user/test/support/identity-stack.ts';

let stack: IdentityStack;
beforeAll(async () => {
  stack = await startIdentityStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('register → login → me → refresh → reuse → logout', () => {
  it('walks the whole session lifecycle', async () => {
    const reg = newRegistration({ email: '  Mixed.Case@Example.COM ' });
    const registered = await stack.api('POST', '/auth/register', { body: reg });
    expect(registered.statusCode).toBe(201);
    const r = registered.json();
    expect(r.user).toMatchObject({
      email: 'mixed.case@example.com',
      companyRole: 'company_admin',
      roles: [],
    });
    expect(r.company).toMatchObject({ name: reg.companyName, status: 'active' });
    expect(r.user.companyId).toBe(r.company.id);
    expect(r).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(registered.headers['cache-control']).toBe('no-store');

    // The welcome email goes out through the outbox.
    await stack.waitForEvent('user.registered', (e) => e.data.userId === r.user.id);

    const login = await stack.api('POST', '/auth/login', {
      body: { email: 'MIXED.case@example.com', password: reg.password },
    });
    expect(login.statusCode).toBe(200);
    const session = login.json();
    expect(session.user.id).toBe(r.user.id);

    const me = await stack.api('GET', '/users/me', { token: session.accessToken });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      id: r.user.id,
      email: 'mixed.case@example.com',
      companyId: r.company.id,
      companyRole: 'company_admin',
      spendingLimit: null,
    });

    const refreshed = await stack.api('POST', '/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const next = refreshed.json();
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await stack.api('GET', '/users/me', { token: next.accessToken })).statusCode).toBe(200);

    // The used refresh token is refused, and presenting it revokes the whole family...
    const reuse = await stack.api('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reuse.json().code).toBe('INVALID_REFRESH_TOKEN');
    // ...including the token that replaced it.
    const familyMember = await stack.api('POST', '/auth/refresh', {
      body: { refreshToken: next.refreshToken },
    });
    expect(familyMember.statusCode).toBe(401);

    // A separate login (new family) is unaffected by the revocation of the other family.
    const other = (
      await stack.api('POST', '/auth/login', { body: { email: reg.email, password: reg.password } })
    ).json();
    const logout = await stack.api('POST', '/auth/logout', {
      token: other.accessToken,
      body: { refreshToken: other.refreshToken },
    });
    expect(logout.statusCode).toBe(204);

    // The service refuses the logged-out access token at once...
    const after = await stack.api('GET', '/users/me', { token: other.accessToken });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('TOKEN_REVOKED');
    // ...and the gateway learns it from the revocation feed within its poll interval.
    await pollUntil(
      () =>
        stack.verifier.verify(other.accessToken).then(
          () => false,
          () => true,
        ),
      { message: 'the gateway refusing the logged-out token' },
    );
    const atGateway = await stack.api('GET', '/users/me', { token: other.accessToken });
    expect(atGateway.statusCode).toBe(401);
    expect(atGateway.json().code).toBe('TOKEN_REVOKED');
    // The refresh token of the logged-out session is dead too.
    const refreshAfterLogout = await stack.api('POST', '/auth/refresh', {
      body: { refreshToken: other.refreshToken },
    });
    expect(refreshAfterLogout.statusCode).toBe(401);
  });

  it('refuses a duplicate email (after normalisation) with 409', async () => {
    const reg = newRegistration();
    expect((await stack.api('POST', '/auth/register', { body: reg })).statusCode).toBe(201);
    const again = await stack.api('POST', '/auth/register', {
      body: newRegistration({ email: ` ${reg.email.toUpperCase()}` }),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN', status: 409 });
  });

  it('refuses short and common passwords with a message saying why', async () => {
    const short = await stack.api('POST', '/auth/register', {
      body: newRegistration({ password: 'Sh0rt!' }),
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      code: 'WEAK_PASSWORD',
      detail: expect.stringMatching(/at least 10/),
    });
    const common = await stack.api('POST', '/auth/register', {
      body: newRegistration({ password: 'Password123' }),
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().detail).toMatch(/too common/);
    expect(common.json().errors).toEqual([
      { path: '/password', message: expect.stringMatching(/too common/) },
    ]);
  });

  it('answers an unknown email and a wrong password the same way, in comparable time', async () => {
    const reg = newRegistration();
    await stack.api('POST', '/auth/register', { body: reg });
    const attempt = async (email: string) => {
      const started = performance.now();
      const res = await stack.api('POST', '/auth/login', {
        body: { email, password: 'not the password at all' },
      });
      return { res, ms: performance.now() - started };
    };
    const wrong = await attempt(reg.email);
    const unknown = await attempt(`nobody.${Date.now()}@example.com`);
    expect(wrong.res.statusCode).toBe(401);
    expect(unknown.res.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(strip(unknown.res.json())).toEqual(strip(wrong.res.json()));

    // Both pay for one argon2 verification: interleaved medians stay within a factor of 3.
    const other = newRegistration();
    await stack.api('POST', '/auth/register', { body: other });
    const known: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push((await attempt(other.email)).ms);
      missing.push((await attempt(`missing.${i}.${Date.now()}@example.com`)).ms);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const ratio = median(missing) / median(known);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});

describe('lockout', () => {
  it('locks an account for 15 minutes after 5 failures within 15 minutes, even for the right password', async () => {
    const reg = newRegistration();
    await stack.api('POST', '/auth/register', { body: reg });
    for (let i = 0; i < 5; i++) {
      const res = await stack.api('POST', '/auth/login', {
        body: { email: reg.email, password: `wrong guess ${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await stack.api('POST', '/auth/login', {
      body: { email: reg.email, password: reg.password },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('locks unknown addresses the same way, so a lock does not reveal that an account exists', async () => {
    const email = `ghost.${Date.now()}@example.com`;
    for (let i = 0; i < 5; i++) {
      await stack.api('POST', '/auth/login', { body: { email, password: `wrong guess ${i}` } });
    }
    const res = await stack.api('POST', '/auth/login', { body: { email, password: 'whatever it is' } });
    expect(res.statusCode).toBe(429);
  });
});
