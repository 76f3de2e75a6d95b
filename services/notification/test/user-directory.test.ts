/** The recipient directory against the real user service over HTTP, with the service credential. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IdentityStack,
  newRegistration,
  startIdentityStack,
} from '../../user/test/support/identity-stack.ts';
import { createUserDirectory } from '../src/clients/user-directory.ts';

let stack: IdentityStack;
let directory: ReturnType<typeof createUserDirectory>;
beforeAll(async () => {
  stack = await startIdentityStack();
  directory = createUserDirectory({ baseUrl: stack.userUrl, credential: stack.serviceCredential });
});
afterAll(async () => {
  directory?.close();
  await stack?.close();
});

describe('user directory', () => {
  it('finds a user, a company’s admins and nobody for an unknown id', async () => {
    const body = newRegistration({ phone: '+49 30 1234567' });
    const res = await stack.api('POST', '/auth/register', { body });
    expect(res.statusCode).toBe(201);
    const { user, company } = res.json();
    expect(await directory.user(user.id)).toEqual({
      userId: user.id,
      name: user.name,
      email: user.email,
      phone: '+49 30 1234567',
      locale: 'en',
    });
    // The language the user chooses is the one their messages are rendered in.
    const patched = await stack.api('PATCH', '/users/me', {
      token: res.json().accessToken,
      body: { preferences: { locale: 'de' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(await directory.user(user.id)).toMatchObject({ userId: user.id, locale: 'de' });
    expect((await directory.companyMembers(company.id, 'company_admin')).map((r) => r.userId)).toEqual([
      user.id,
    ]);
    expect(await directory.companyMembers(company.id, 'approver')).toEqual([]);
    expect(await directory.user('no-such-user')).toBeNull();
    expect(Array.isArray(await directory.platformAdmins())).toBe(true);
  });

  it('fails loudly (to be retried) when the credential is refused', async () => {
    const wrong = createUserDirectory({ baseUrl: stack.userUrl, credential: 'x'.repeat(43) });
    await expect(wrong.user('anyone')).rejects.toMatchObject({ status: 502 });
    wrong.close();
  });
});
