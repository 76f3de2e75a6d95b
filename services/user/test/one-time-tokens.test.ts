import { describe, expect } from 'vitest';
import type { UserApp } from './support/user-app.ts';
import { it } from './support/user-test.ts';

const confirm = (svc: UserApp, token: string, newPassword: string) =>
  svc.call('POST', '/auth/password-reset/confirm', { body: { token, newPassword } });

describe('set-password and reset links', () => {
  it('once a password is set with one link, every other outstanding link of the user stops working', async ({
    svc,
  }) => {
    const admin = await svc.register();
    const email = `linked.${Date.now()}@example.com`;
    const invited = await svc.call('POST', '/companies/me/members', {
      token: admin.accessToken,
      body: { email, name: 'Linked', companyRole: 'buyer' },
    });
    expect(invited.statusCode).toBe(201);
    const memberId = invited.json().id;
    const invitation = (await svc.outboxEvents('user.invited')).find((e) => e.data.userId === memberId);
    // The invitee asks for a reset as well (say the invitation mail looked lost).
    expect((await svc.call('POST', '/auth/password-reset', { body: { email } })).statusCode).toBe(202);
    const reset = (await svc.outboxEvents('user.password_reset_requested')).find(
      (e) => e.data.userId === memberId,
    );

    expect(
      (await confirm(svc, String(reset?.data.resetToken), 'the password from the reset')).statusCode,
    ).toBe(204);
    const stale = await confirm(svc, String(invitation?.data.setPasswordToken), 'a password from the invite');
    expect(stale.statusCode).toBe(400);
    expect(stale.json().code).toBe('INVALID_TOKEN');

    const login = await svc.call('POST', '/auth/login', {
      body: { email, password: 'the password from the reset' },
    });
    expect(login.statusCode).toBe(200);
  });
});
