import { describe, expect } from 'vitest';
import { MAX_INVITATIONS_PER_HOUR, MAX_MEMBERS_PER_COMPANY } from '../src/domain/company-members.ts';
import type { UserDoc } from '../src/domain/model.ts';
import type { UserApp } from './support/user-app.ts';
import { it } from './support/user-test.ts';

const invite = (svc: UserApp, token: string, body: Record<string, unknown>) =>
  svc.call('POST', '/companies/me/members', {
    token,
    body: {
      email: `m.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.com`,
      name: 'M',
      ...body,
    },
  });

describe('company members', () => {
  it('a company admin cannot change or remove their own membership', async ({ svc }) => {
    const admin = await svc.register();
    const patch = await svc.call('PATCH', `/companies/me/members/${admin.userId}`, {
      token: admin.accessToken,
      body: { companyRole: 'buyer' },
    });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().code).toBe('OWN_MEMBERSHIP');
    const del = await svc.call('DELETE', `/companies/me/members/${admin.userId}`, {
      token: admin.accessToken,
    });
    expect(del.statusCode).toBe(409);
  });

  it('stores spending limits exactly and refuses negative or float amounts', async ({ svc }) => {
    const admin = await svc.register();
    const ok = await invite(svc, admin.accessToken, {
      companyRole: 'buyer',
      spendingLimit: { amount: '5000.1', currency: 'EUR' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().spendingLimit).toEqual({ amount: '5000.10', currency: 'EUR' });
    for (const spendingLimit of [
      { amount: '-1.00', currency: 'EUR' },
      { amount: 5000, currency: 'EUR' },
      { amount: '1', currency: 'eur' },
    ]) {
      const bad = await invite(svc, admin.accessToken, { companyRole: 'buyer', spendingLimit });
      expect(bad.statusCode, JSON.stringify(spendingLimit)).toBe(400);
    }
  });

  it("refuses a spending limit in another currency than the company's, on invite and on change", async ({
    svc,
  }) => {
    const admin = await svc.register();
    const usd = { amount: '100.00', currency: 'USD' };
    const bad = await invite(svc, admin.accessToken, { companyRole: 'buyer', spendingLimit: usd });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      errors: [{ path: '/spendingLimit/currency', message: 'must be in EUR' }],
    });
    const buyer = (await invite(svc, admin.accessToken, { companyRole: 'buyer' })).json();
    const change = await svc.call('PATCH', `/companies/me/members/${buyer.id}`, {
      token: admin.accessToken,
      body: { spendingLimit: usd },
    });
    expect(change.statusCode).toBe(400);
    expect(change.json().code).toBe('CURRENCY_MISMATCH');
    const company = (await svc.call('GET', '/companies/me', { token: admin.accessToken })).json();
    expect(company.members.find((m: { id: string }) => m.id === buyer.id).spendingLimit).toBeNull();
    expect(company.members).toHaveLength(2);
  });

  it(`stops at ${MAX_MEMBERS_PER_COMPANY} members per company`, async ({ svc }) => {
    const admin = await svc.register();
    // Fill the company straight in the database, one short of the cap (the admin is a member too).
    const now = new Date();
    await svc.mongo.db.collection<UserDoc>('users').insertMany(
      Array.from(
        { length: MAX_MEMBERS_PER_COMPANY - 2 },
        (_, i): UserDoc => ({
          _id: `filler-${admin.companyId}-${i}`,
          email: `filler.${i}.${admin.companyId}@example.com`,
          name: `Filler ${i}`,
          phone: null,
          passwordHash: null,
          status: 'invited',
          roles: [],
          companyId: admin.companyId,
          companyRole: 'buyer',
          spendingLimit: null,
          preferences: {},
          tokensNotBefore: 0,
          version: 1,
          createdAt: now,
          updatedAt: now,
        }),
      ),
    );
    expect((await invite(svc, admin.accessToken, { companyRole: 'buyer' })).statusCode).toBe(201);
    const over = await invite(svc, admin.accessToken, { companyRole: 'buyer' });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('MEMBER_LIMIT');
    const company = (await svc.call('GET', '/companies/me', { token: admin.accessToken })).json();
    expect(company.members).toHaveLength(MAX_MEMBERS_PER_COMPANY);
  });

  it(`sends at most ${MAX_INVITATIONS_PER_HOUR} invitations per company and hour, removals notwithstanding`, async ({
    svc,
  }) => {
    const admin = await svc.register();
    const firstAt = Date.now();
    // The hour's earlier invitations, as if sent (and their members removed again) a minute ago.
    await svc.mongo.db.collection<{ _id: string; sentAt: Date[] }>('invitation_quota').insertOne({
      _id: admin.companyId,
      sentAt: Array.from({ length: MAX_INVITATIONS_PER_HOUR - 1 }, () => new Date(firstAt - 60_000)),
    });
    const last = await invite(svc, admin.accessToken, { companyRole: 'buyer' });
    expect(last.statusCode).toBe(201);
    expect(
      (await svc.call('DELETE', `/companies/me/members/${last.json().id}`, { token: admin.accessToken }))
        .statusCode,
    ).toBe(204);
    const over = await invite(svc, admin.accessToken, { companyRole: 'buyer' });
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('INVITATION_QUOTA');
    // Until the oldest of them is an hour old: 59 minutes from now.
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(58 * 60);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(59 * 60);
    // Another company is not affected.
    const other = await svc.register();
    expect((await invite(svc, other.accessToken, { companyRole: 'buyer' })).statusCode).toBe(201);

    svc.advance(60 * 60_000);
    try {
      expect((await invite(svc, admin.accessToken, { companyRole: 'buyer' })).statusCode).toBe(201);
    } finally {
      svc.advance(-60 * 60_000);
    }
  });

  it('refuses an unknown company role and lets only company admins manage members', async ({ svc }) => {
    const admin = await svc.register();
    expect((await invite(svc, admin.accessToken, { companyRole: 'admin' })).statusCode).toBe(400);
    const approver = (await invite(svc, admin.accessToken, { companyRole: 'approver' })).json();
    expect(approver.status).toBe('invited');
    const company = (await svc.call('GET', '/companies/me', { token: admin.accessToken })).json();
    expect(company.members.map((m: { id: string }) => m.id)).toContain(approver.id);
  });

  it('a platform admin without a company gets 403 on /companies/me', async ({ svc }) => {
    const token = await svc.adminToken();
    const res = await svc.call('GET', '/companies/me', { token });
    expect(res.statusCode).toBe(403);
  });
});
