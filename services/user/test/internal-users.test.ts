/**
 * GET /internal/users/:id and the credential in front of it, driven the way other services use
 * it: through the typed client built from `@b2b/user/internal-api`, over real HTTP.
 */
import {
  createInternalClient,
  generateServiceCredential,
  SERVICE_CREDENTIAL_HEADER,
  serviceCredentialHeaders,
} from '@b2b/shared/internal';
import { userInternalApi } from '@b2b/user/internal-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityStack, newRegistration, startIdentityStack } from './support/identity-stack.ts';

let stack: IdentityStack;
beforeAll(async () => {
  stack = await startIdentityStack();
});
afterAll(async () => {
  await stack?.close();
});

async function registered(): Promise<{ id: string; companyId: string; email: string; token: string }> {
  const body = newRegistration({ phone: '+49 30 1234567' });
  const res = await stack.api('POST', '/auth/register', { body });
  expect(res.statusCode).toBe(201);
  const r = res.json();
  return { id: r.user.id, companyId: r.company.id, email: r.user.email, token: r.accessToken };
}

const internalGet = (url: string, headers: Record<string, string>) =>
  stack.user.inject({ method: 'GET', url, headers });

describe('GET /internal/users/:id', () => {
  it('answers a platform service and refuses a missing or wrong credential', async () => {
    const user = await registered();
    const url = `/internal/users/${user.id}`;

    const ok = await internalGet(url, serviceCredentialHeaders(stack.serviceCredential));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      id: user.id,
      email: user.email,
      name: expect.any(String),
      phone: '+49 30 1234567',
      locale: 'en',
      companyId: user.companyId,
      companyRole: 'company_admin',
      status: 'active',
    });

    for (const headers of [{}, serviceCredentialHeaders(generateServiceCredential())]) {
      const refused = await internalGet(url, headers);
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({ status: 401, code: 'SERVICE_CREDENTIAL_REQUIRED' });
      expect(refused.body).not.toContain(user.email);
    }
  });

  it('gives the locale the user chose, and 404 for an unknown id', async () => {
    const user = await registered();
    const patched = await stack.api('PATCH', '/users/me', {
      token: user.token,
      body: { preferences: { locale: 'de-AT' } },
    });
    expect(patched.statusCode).toBe(200);
    const headers = serviceCredentialHeaders(stack.serviceCredential);
    expect((await internalGet(`/internal/users/${user.id}`, headers)).json().locale).toBe('de-AT');

    const missing = await internalGet('/internal/users/no-such-user', headers);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
  });

  it('is what the typed client returns, over HTTP with the credential attached', async () => {
    const user = await registered();
    const users = createInternalClient(userInternalApi, {
      name: 'user',
      baseUrl: stack.userUrl,
      credential: stack.serviceCredential,
      timeoutMs: 2_000,
    });
    const got = await users.call('getUser', { params: { id: user.id } });
    const role: 'company_admin' | 'approver' | 'buyer' | null = got.companyRole;
    expect({ id: got.id, email: got.email, role, locale: got.locale }).toEqual({
      id: user.id,
      email: user.email,
      role: 'company_admin',
      locale: 'en',
    });
    await expect(users.call('getUser', { params: { id: 'no-such-user' } })).rejects.toMatchObject({
      status: 404,
      code: 'USER_NOT_FOUND',
    });
    users.service.breaker.shutdown();
  });

  it('is not reachable through the gateway, not even with the credential', async () => {
    const user = await registered();
    const before = stack.routesHit.has('GET /internal/users/:id');
    for (const path of [`/internal/users/${user.id}`, `/users/..%2finternal%2fusers%2f${user.id}`]) {
      const res = await stack.api('GET', path, {
        token: user.token,
        headers: { [SERVICE_CREDENTIAL_HEADER]: stack.serviceCredential },
      });
      // 404: no public area is called "internal"; 400: the gateway refuses encoded traversal.
      expect([400, 404], path).toContain(res.statusCode);
      expect(res.body).not.toContain(user.email);
    }
    // Positive control: the same user through the public route the gateway does forward.
    expect((await stack.api('GET', '/users/me', { token: user.token })).statusCode).toBe(200);
    expect(stack.routesHit.has('GET /internal/users/:id')).toBe(before);
  });
});
