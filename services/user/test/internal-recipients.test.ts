/**
 * The recipient lists the notification service reads: a company's active members in one role and
 * the active platform admins, behind the service credential like every /internal route.
 */
import { SERVICE_CREDENTIAL_HEADER } from '@b2b/shared/internal';
import { describe, expect } from 'vitest';
import { it } from './support/user-test.ts';

describe('GET /internal/companies/:id/members?role=', () => {
  it('lists the active members in that role only, never another company', async ({ svc }) => {
    const admin = await svc.register();
    const other = await svc.register();
    const invited = await svc.call('POST', '/companies/me/members', {
      token: admin.accessToken,
      body: { email: `approver.${Date.now()}@example.com`, name: 'Ann Approver', companyRole: 'approver' },
    });
    expect(invited.statusCode).toBe(201);
    const approverId = invited.json().id as string;

    const approvers = () => svc.call('GET', `/internal/companies/${admin.companyId}/members?role=approver`);
    // Invited, no password yet: cannot approve, so not a recipient.
    expect((await approvers()).json()).toEqual({ items: [] });

    const token = (await svc.outboxEvents('user.invited')).find((e) => e.data.userId === approverId)?.data
      .setPasswordToken;
    const confirmed = await svc.call('POST', '/auth/password-reset/confirm', {
      body: { token, newPassword: 'a long approver passphrase' },
    });
    expect(confirmed.statusCode).toBe(204);
    const listed = await approvers();
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id: approverId, companyRole: 'approver' }),
    ]);

    const admins = await svc.call('GET', `/internal/companies/${admin.companyId}/members?role=company_admin`);
    expect(admins.json().items.map((u: { id: string }) => u.id)).toEqual([admin.userId]);
    expect(admins.json().items.map((u: { id: string }) => u.id)).not.toContain(other.userId);
  });

  it('answers 404 for an unknown company and 400 for an unknown role', async ({ svc }) => {
    const admin = await svc.register();
    const missing = await svc.call('GET', '/internal/companies/no-such-company/members?role=approver');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'COMPANY_NOT_FOUND' });
    const badRole = await svc.call('GET', `/internal/companies/${admin.companyId}/members?role=owner`);
    expect(badRole.statusCode).toBe(400);
    expect(badRole.headers['content-type']).toMatch(/^application\/problem\+json/);
    // Positive control: the same company with a real role.
    const ok = await svc.call('GET', `/internal/companies/${admin.companyId}/members?role=company_admin`);
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a caller without the service credential', async ({ svc }) => {
    const admin = await svc.register();
    const url = `/internal/companies/${admin.companyId}/members?role=company_admin`;
    const refused = await svc.app.inject({ method: 'GET', url });
    expect(refused.statusCode).toBe(401);
    const allowed = await svc.app.inject({
      method: 'GET',
      url,
      headers: { [SERVICE_CREDENTIAL_HEADER]: svc.serviceCredential },
    });
    expect(allowed.statusCode).toBe(200);
  });
});

describe('GET /internal/users?role=admin', () => {
  it('lists active platform admins, not company members', async ({ svc }) => {
    const member = await svc.register();
    await svc.adminToken();
    const res = await svc.call('GET', '/internal/users?role=admin');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; companyId: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((u) => u.companyId === null)).toBe(true);
    expect(items.map((u) => u.id)).not.toContain(member.userId);
    expect((await svc.call('GET', '/internal/users?role=buyer')).statusCode).toBe(400);
  });
});
