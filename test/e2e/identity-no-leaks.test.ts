/**
 * No response of the user service ever carries a password, a password hash, a refresh-token hash
 * or a reset/set-password token. The test exercises every route (and proves it did, against the
 * service's own OpenAPI document), then searches every response for every secret value.
 */
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../services/user/src/domain/platform-admin.ts';
import { createPasswordHasher } from '../../services/user/src/passwords/hasher.ts';
import { UserRepository } from '../../services/user/src/repositories/users.ts';
import {
  BROWSER_APP_ORIGIN,
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

/** As JSON keys: a validation error may echo a field name the client itself sent. */
const forbiddenKeys = ['passwordHash', 'tokenHash', 'resetToken', 'setPasswordToken', 'privateJwk', 'd'].map(
  (name) => `"${name}":`,
);

/** Password hashes (their digest, without the shared parameter prefix), refresh-token and one-time-token hashes, as stored. */
async function collectStoredSecrets(into: Set<string>): Promise<void> {
  const db = stack.mongo.db;
  for (const user of await db
    .collection('users')
    .find({ passwordHash: { $ne: null } })
    .toArray()) {
    into.add(`argon2:${String(user.passwordHash).split('$').at(-1)}`);
  }
  for (const t of await db.collection('refresh_tokens').find().toArray())
    into.add(`refresh:${String(t._id)}`);
  for (const t of await db.collection('one_time_tokens').find().toArray())
    into.add(`one-time:${String(t._id)}`);
}

describe('no secret ever leaves the user service', () => {
  it('walks every route and finds no password, hash or one-time token in any response', async () => {
    const responses: { route: string; res: LightMyRequestResponse }[] = [];
    const passwords: string[] = [];
    const call = async (method: string, path: string, opts: { token?: string; body?: unknown } = {}) => {
      const res = await stack.api(method, path, opts);
      responses.push({ route: `${method} ${path}`, res });
      return res;
    };

    // A platform admin, created the way the create-admin command does.
    const adminPassword = 'platform admin passphrase 1';
    passwords.push(adminPassword);
    const admin = await createPlatformAdmin(
      {
        users: new UserRepository(stack.mongo.db),
        hasher: await createPasswordHasher(),
        now: () => new Date(),
      },
      { email: `ops.${Date.now()}@example.com`, name: 'Ops', password: adminPassword },
    );
    const adminToken = (
      await call('POST', '/auth/login', { body: { email: admin.user.email, password: adminPassword } })
    ).json().accessToken;

    // Auth routes, successes and failures.
    const reg = newRegistration();
    passwords.push(reg.password);
    const registered = (await call('POST', '/auth/register', { body: reg })).json();
    await call('POST', '/auth/register', { body: reg });
    await call('POST', '/auth/register', { body: newRegistration({ password: 'short' }) });
    await call('POST', '/auth/login', { body: { email: reg.email, password: 'a wrong passphrase' } });
    const session = (
      await call('POST', '/auth/login', { body: { email: reg.email, password: reg.password } })
    ).json();
    await call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    // Reuse: revokes the family and the user's access tokens, so log in again afterwards.
    await call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    await call('GET', '/auth/jwks');
    const token = (
      await call('POST', '/auth/login', { body: { email: reg.email, password: reg.password } })
    ).json().accessToken;

    // Profile and addresses.
    await call('GET', '/users/me', { token });
    await call('PATCH', '/users/me', {
      token,
      body: { name: 'Renamed', phone: '+49 30 1234567', preferences: { locale: 'de-DE' } },
    });
    await call('PATCH', '/users/me', { token, body: { passwordHash: 'x' } });
    const address = (
      await call('POST', '/users/me/addresses', {
        token,
        body: { label: 'HQ', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      })
    ).json();
    await call('GET', '/users/me/addresses', { token });
    await call('PATCH', `/users/me/addresses/${address.id}`, {
      token,
      body: { isDefault: true, line2: 'Floor 2' },
    });
    await call('DELETE', `/users/me/addresses/${address.id}`, { token });
    await call('DELETE', `/users/me/addresses/${address.id}`, { token });

    // Company and members, including the invitation and its set-password token.
    const member = (
      await call('POST', '/companies/me/members', {
        token,
        body: { email: `invitee.${Date.now()}@example.com`, name: 'Invitee', companyRole: 'buyer' },
      })
    ).json();
    await stack.waitForEvent('user.invited', (e) => e.data.userId === member.id);
    await call('GET', '/companies/me', { token });
    await call('PATCH', `/companies/me/members/${member.id}`, {
      token,
      body: { spendingLimit: { amount: '5000.00', currency: 'EUR' } },
    });

    // Password reset: request, then confirm with the emailed token.
    await call('POST', '/auth/password-reset', { body: { email: reg.email } });
    const reset = await stack.waitForEvent(
      'user.password_reset_requested',
      (e) => e.data.userId === registered.user.id,
    );
    const newPassword = 'the replacement passphrase 3';
    passwords.push(newPassword);
    await call('POST', '/auth/password-reset/confirm', {
      body: { token: reset.data.resetToken, newPassword },
    });
    await call('POST', '/auth/password-reset/confirm', {
      body: { token: reset.data.resetToken, newPassword },
    });
    const second = (
      await call('POST', '/auth/login', { body: { email: reg.email, password: newPassword } })
    ).json();

    // Administration.
    await call('GET', `/admin/users?q=${encodeURIComponent(reg.email)}`, { token: adminToken });
    await call('GET', `/admin/users/${registered.user.id}`, { token: adminToken });
    await call('PATCH', `/admin/users/${member.id}`, { token: adminToken, body: { status: 'disabled' } });
    await call('GET', '/admin/companies?q=Company', { token: adminToken });
    await call('GET', `/admin/companies/${registered.company.id}`, { token: adminToken });
    await call('PATCH', `/admin/companies/${registered.company.id}`, {
      token: adminToken,
      body: {
        paymentTerms: 'net30',
        creditLimit: { amount: '25000.00', currency: 'EUR' },
        priceListId: 'pl-1',
      },
    });

    // Removal deletes the member's tokens: take the stored secrets before it, and again at the end.
    const stored = new Set<string>();
    await collectStoredSecrets(stored);

    // Browser sessions: the refresh token travels in the cookie, never in a body.
    const browserProof = { 'x-csrf': '1', origin: BROWSER_APP_ORIGIN };
    const browser = await stack.api('POST', '/auth/session', {
      body: { email: reg.email, password: newPassword },
      headers: browserProof,
    });
    responses.push({ route: 'POST /auth/session', res: browser });
    const cookie = String([browser.headers['set-cookie']].flat()[0]).split(';')[0]!;
    const refreshed = await stack.api('POST', '/auth/session/refresh', {
      headers: { ...browserProof, cookie },
    });
    responses.push({ route: 'POST /auth/session/refresh', res: refreshed });
    const rotated = String([refreshed.headers['set-cookie']].flat()[0]).split(';')[0]!;
    await call('DELETE', '/auth/session', {});
    const ended = await stack.api('DELETE', '/auth/session', {
      headers: { ...browserProof, cookie: rotated },
    });
    responses.push({ route: 'DELETE /auth/session', res: ended });

    // Removal and logout last (they end sessions).
    await call('DELETE', `/companies/me/members/${member.id}`, { token: second.accessToken });
    await call('POST', '/auth/logout', {
      token: second.accessToken,
      body: { refreshToken: second.refreshToken },
    });
    await call('GET', '/users/me', { token: second.accessToken });

    // Routes the gateway does not forward, straight at the service (internal ones as a service calls them).
    for (const url of [
      '/internal/feeds/revocations',
      '/internal/feeds/revocations?after=WzAsIiJd',
      `/internal/users/${registered.user.id}`,
      `/internal/members/${registered.user.id}`,
      `/internal/companies/${registered.company.id}`,
      `/internal/companies/${registered.company.id}/members?role=company_admin`,
      '/internal/users?role=admin',
      '/health',
      '/health/ready',
      '/openapi.json',
    ]) {
      const headers = url.startsWith('/internal/') ? serviceCredentialHeaders(stack.serviceCredential) : {};
      responses.push({ route: `GET ${url}`, res: await stack.user.inject({ method: 'GET', url, headers }) });
    }

    // Every documented route was exercised.
    const openapi = (await stack.user.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(openapi.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.length).toBeGreaterThanOrEqual(20);
    const missed = documented.filter((route) => !stack.routesHit.has(route));
    expect(missed).toEqual([]);

    await collectStoredSecrets(stored);
    const emailedTokens = stack.events.flatMap((e) => {
      const data = e.data as { resetToken?: string; setPasswordToken?: string };
      return [data.resetToken, data.setPasswordToken].filter((t): t is string => Boolean(t));
    });
    const count = (prefix: string) => [...stored].filter((s) => s.startsWith(prefix)).length;
    expect(count('argon2:')).toBeGreaterThanOrEqual(2);
    expect(count('refresh:')).toBeGreaterThan(2);
    expect(count('one-time:')).toBeGreaterThanOrEqual(2);
    expect(emailedTokens.length).toBeGreaterThanOrEqual(2);
    const secrets = [
      stack.serviceCredential,
      ...passwords,
      ...[...stored].map((s) => s.slice(s.indexOf(':') + 1)),
      ...emailedTokens,
    ];

    expect(responses.length).toBeGreaterThan(35);
    for (const { route, res } of responses) {
      const text = `${JSON.stringify(res.headers)}\n${res.body}`;
      for (const secret of secrets) expect(text.includes(secret), `${route} leaks a secret`).toBe(false);
      for (const field of forbiddenKeys) expect(text.includes(field), `${route} has ${field}`).toBe(false);
    }
  });
});
