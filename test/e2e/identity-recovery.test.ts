/**
 * Password reset and member invitation end to end through the api-gateway, with the single-use
 * tokens taken from the events as the notification service receives them.
 */
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

async function registerAndLogin() {
  const reg = newRegistration();
  const r = (await stack.api('POST', '/auth/register', { body: reg })).json();
  return { reg, user: r.user, company: r.company, accessToken: r.accessToken, refreshToken: r.refreshToken };
}

describe('password reset', () => {
  it('emails a one-hour single-use token; confirming sets the password and ends every session', async () => {
    const { reg, user, accessToken, refreshToken } = await registerAndLogin();

    const requested = await stack.api('POST', '/auth/password-reset', {
      body: { email: reg.email.toUpperCase() },
    });
    expect(requested.statusCode).toBe(202);
    const event = await stack.waitForEvent('user.password_reset_requested', (e) => e.data.userId === user.id);
    const { resetToken, expiresAt } = event.data;
    const validFor = Date.parse(expiresAt) - Date.parse(event.occurredAt);
    expect(validFor).toBeGreaterThan(59 * 60_000);
    expect(validFor).toBeLessThanOrEqual(60 * 60_000 + 1_000);

    const weak = await stack.api('POST', '/auth/password-reset/confirm', {
      body: { token: resetToken, newPassword: 'qwertyuiop' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('WEAK_PASSWORD');

    const newPassword = 'a brand new passphrase 42';
    const confirmed = await stack.api('POST', '/auth/password-reset/confirm', {
      body: { token: resetToken, newPassword },
    });
    expect(confirmed.statusCode).toBe(204);

    // Single use.
    const again = await stack.api('POST', '/auth/password-reset/confirm', {
      body: { token: resetToken, newPassword: 'yet another passphrase 7' },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('INVALID_TOKEN');

    // Every earlier session is gone: access token and refresh token.
    expect((await stack.api('GET', '/users/me', { token: accessToken })).statusCode).toBe(401);
    expect((await stack.api('POST', '/auth/refresh', { body: { refreshToken } })).statusCode).toBe(401);

    // The old password no longer works, the new one does.
    const old = await stack.api('POST', '/auth/login', {
      body: { email: reg.email, password: reg.password },
    });
    expect(old.statusCode).toBe(401);
    const fresh = await stack.api('POST', '/auth/login', {
      body: { email: reg.email, password: newPassword },
    });
    expect(fresh.statusCode).toBe(200);
    expect((await stack.api('GET', '/users/me', { token: fresh.json().accessToken })).statusCode).toBe(200);
  });

  it('answers 202 for an unknown email and sends nothing', async () => {
    const before = stack.events.length;
    const email = `unknown.${Date.now()}@example.com`;
    const res = await stack.api('POST', '/auth/password-reset', { body: { email } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'accepted' });
    // A known account's request published after this one proves the relay ran past it.
    const { reg, user } = await registerAndLogin();
    await stack.api('POST', '/auth/password-reset', { body: { email: reg.email } });
    await stack.waitForEvent('user.password_reset_requested', (e) => e.data.userId === user.id);
    const resets = stack.events.slice(before).filter((e) => e.type === 'user.password_reset_requested');
    expect(resets.map((e) => (e.data as { email: string }).email)).not.toContain(email);
  });

  it('refuses a made-up token', async () => {
    const res = await stack.api('POST', '/auth/password-reset/confirm', {
      body: { token: 'A'.repeat(43), newPassword: 'a brand new passphrase 42' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_TOKEN');
  });
});

describe('member invitation', () => {
  it('invites a member who sets a password from the emailed link, logs in, and loses access when removed', async () => {
    const admin = await registerAndLogin();
    const email = `new.member.${Date.now()}@example.com`;
    const invited = await stack.api('POST', '/companies/me/members', {
      token: admin.accessToken,
      body: {
        email,
        name: 'New Member',
        companyRole: 'buyer',
        spendingLimit: { amount: '5000.00', currency: 'EUR' },
      },
    });
    expect(invited.statusCode).toBe(201);
    const member = invited.json();
    expect(member).toEqual({
      id: expect.any(String),
      email,
      name: 'New Member',
      companyRole: 'buyer',
      spendingLimit: { amount: '5000.00', currency: 'EUR' },
      monthlyBudget: null,
      status: 'invited',
    });

    // Not able to log in before setting a password.
    const early = await stack.api('POST', '/auth/login', {
      body: { email, password: 'any password at all' },
    });
    expect(early.statusCode).toBe(401);

    const event = await stack.waitForEvent('user.invited', (e) => e.data.userId === member.id);
    expect(event.data).toMatchObject({
      email,
      companyId: admin.company.id,
      companyName: admin.company.name,
      invitedBy: admin.user.id,
    });
    const password = 'member chosen passphrase 9';
    const set = await stack.api('POST', '/auth/password-reset/confirm', {
      body: { token: event.data.setPasswordToken, newPassword: password },
    });
    expect(set.statusCode).toBe(204);

    const login = await stack.api('POST', '/auth/login', { body: { email, password } });
    expect(login.statusCode).toBe(200);
    const memberSession = login.json();
    expect(memberSession.user).toMatchObject({
      companyId: admin.company.id,
      companyRole: 'buyer',
      status: 'active',
    });

    const company = (await stack.api('GET', '/companies/me', { token: admin.accessToken })).json();
    expect(company.members.find((m: { id: string }) => m.id === member.id)).toMatchObject({
      status: 'active',
    });

    // A buyer cannot invite or manage members.
    const buyerInvite = await stack.api('POST', '/companies/me/members', {
      token: memberSession.accessToken,
      body: { email: `x.${Date.now()}@example.com`, name: 'X', companyRole: 'company_admin' },
    });
    expect(buyerInvite.statusCode).toBe(403);

    // Role change by the admin takes effect at once; the member refreshes to get the new claims.
    const promoted = await stack.api('PATCH', `/companies/me/members/${member.id}`, {
      token: admin.accessToken,
      body: { companyRole: 'approver', spendingLimit: null },
    });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ companyRole: 'approver', spendingLimit: null });
    expect((await stack.api('GET', '/users/me', { token: memberSession.accessToken })).statusCode).toBe(401);
    const renewed = await stack.api('POST', '/auth/refresh', {
      body: { refreshToken: memberSession.refreshToken },
    });
    expect(renewed.statusCode).toBe(200);
    const me = await stack.api('GET', '/users/me', { token: renewed.json().accessToken });
    expect(me.json().companyRole).toBe('approver');

    // Removal: the member's tokens stop working and they cannot log in.
    const removed = await stack.api('DELETE', `/companies/me/members/${member.id}`, {
      token: admin.accessToken,
    });
    expect(removed.statusCode).toBe(204);
    expect((await stack.api('GET', '/users/me', { token: renewed.json().accessToken })).statusCode).toBe(401);
    expect(
      (await stack.api('POST', '/auth/refresh', { body: { refreshToken: renewed.json().refreshToken } }))
        .statusCode,
    ).toBe(401);
    expect((await stack.api('POST', '/auth/login', { body: { email, password } })).statusCode).toBe(401);
  });

  it('refuses inviting an email that already has an account', async () => {
    const admin = await registerAndLogin();
    const res = await stack.api('POST', '/companies/me/members', {
      token: admin.accessToken,
      body: { email: admin.reg.email, name: 'Dup', companyRole: 'buyer' },
    });
    expect(res.statusCode).toBe(409);
  });
});
