import { describe, expect } from 'vitest';
import { startUserApp } from './support/user-app.ts';
import { it as userIt } from './support/user-test.ts';

/** `admin`: a platform admin's access token, one for the file. */
const it = userIt.extend('admin', { scope: 'file' }, async ({ svc }) => svc.adminToken());

describe('platform administration of users', () => {
  it('disabling a user ends their sessions and blocks login and refresh; enabling lets them back in', async ({
    svc,
    admin,
  }) => {
    const u = await svc.register();
    const disabled = await svc.call('PATCH', `/admin/users/${u.userId}`, {
      token: admin,
      body: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: u.userId, status: 'disabled' });

    expect((await svc.call('GET', '/users/me', { token: u.accessToken })).statusCode).toBe(401);
    expect(
      (await svc.call('POST', '/auth/refresh', { body: { refreshToken: u.refreshToken } })).statusCode,
    ).toBe(401);
    const login = await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } });
    expect(login.statusCode).toBe(403);
    expect(login.json().code).toBe('ACCOUNT_DISABLED');
    // A wrong password still gets the generic 401: the disabled state is only told to the owner.
    const wrong = await svc.call('POST', '/auth/login', {
      body: { email: u.email, password: 'not it at all' },
    });
    expect(wrong.statusCode).toBe(401);

    await svc.call('PATCH', `/admin/users/${u.userId}`, { token: admin, body: { status: 'active' } });
    expect(
      (await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } })).statusCode,
    ).toBe(200);
  });

  it('granting admin takes effect at the next refresh, and the old token dies at once', async ({
    svc,
    admin,
  }) => {
    const u = await svc.register();
    const res = await svc.call('PATCH', `/admin/users/${u.userId}`, {
      token: admin,
      body: { roles: ['admin'] },
    });
    expect(res.json().roles).toEqual(['admin']);
    expect((await svc.call('GET', '/admin/users', { token: u.accessToken })).statusCode).toBe(401);
    const renewed = (
      await svc.call('POST', '/auth/refresh', { body: { refreshToken: u.refreshToken } })
    ).json();
    expect((await svc.call('GET', '/admin/users', { token: renewed.accessToken })).statusCode).toBe(200);
  });

  it('will not disable or demote the last active admin', async ({ dbServer }) => {
    const fresh = await startUserApp(dbServer);
    try {
      const only = await fresh.adminToken();
      const me = (await fresh.call('GET', '/users/me', { token: only })).json();
      const res = await fresh.call('PATCH', `/admin/users/${me.id}`, { token: only, body: { roles: [] } });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('LAST_ADMIN');
    } finally {
      await fresh.close();
    }
  });

  it('searches users by email or name, paginated', async ({ svc, admin }) => {
    const tag = `needle${Date.now()}`;
    for (let i = 0; i < 3; i++) await svc.register({ name: `Person ${tag} ${i}` });
    const page = await svc.call('GET', `/admin/users?q=${tag}&limit=2&page=2`, { token: admin });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 3, page: 2, limit: 2 });
    expect(page.json().items).toHaveLength(1);
    // Regex metacharacters are searched literally, not executed.
    expect((await svc.call('GET', '/admin/users?q=.*', { token: admin })).json().total).toBe(0);
    expect((await svc.call('GET', '/admin/users?limit=1000', { token: admin })).statusCode).toBe(400);
    expect((await svc.call('GET', `/admin/users/${'f'.repeat(36)}`, { token: admin })).statusCode).toBe(404);
  });
});

describe('platform administration of companies', () => {
  it('sets terms, credit limit and price list; money stays exact', async ({ svc, admin }) => {
    const u = await svc.register();
    const res = await svc.call('PATCH', `/admin/companies/${u.companyId}`, {
      token: admin,
      body: {
        paymentTerms: 'net60',
        creditLimit: { amount: '12345.67', currency: 'EUR' },
        priceListId: 'gold',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      paymentTerms: 'net60',
      creditLimit: { amount: '12345.67', currency: 'EUR' },
      priceListId: 'gold',
    });
    const company = (await svc.call('GET', '/companies/me', { token: u.accessToken })).json();
    expect(company.creditLimit).toEqual({ amount: '12345.67', currency: 'EUR' });
    expect(company.creditUsed).toEqual({ amount: '0.00', currency: 'EUR' });

    for (const creditLimit of [
      { amount: '-5.00', currency: 'EUR' },
      { amount: 12.5, currency: 'EUR' },
      { amount: '1.999', currency: 'EUR' },
    ]) {
      const bad = await svc.call('PATCH', `/admin/companies/${u.companyId}`, {
        token: admin,
        body: { creditLimit },
      });
      expect(bad.statusCode, JSON.stringify(creditLimit)).toBe(400);
      expect(bad.headers['content-type']).toMatch(/problem\+json/);
    }
    // Credit used stays in EUR: a limit in another currency could not be compared with it.
    const usd = await svc.call('PATCH', `/admin/companies/${u.companyId}`, {
      token: admin,
      body: { creditLimit: { amount: '100.00', currency: 'USD' } },
    });
    expect(usd.statusCode).toBe(400);
    expect(usd.json().code).toBe('CURRENCY_MISMATCH');
    const after = (await svc.call('GET', '/companies/me', { token: u.accessToken })).json();
    expect(after.creditLimit).toEqual({ amount: '12345.67', currency: 'EUR' });
  });

  it('creditUsed comes from the payment ledger (zero without one, null while it cannot answer)', async ({
    svc,
    admin,
  }) => {
    const u = await svc.register();
    const other = await svc.register();
    const usedOf = async (token: string) =>
      (await svc.call('GET', '/companies/me', { token })).json().creditUsed;
    // No ledger yet: nothing used.
    expect(await usedOf(u.accessToken)).toEqual({ amount: '0.00', currency: 'EUR' });
    svc.credit.used.set(u.companyId, { amount: '420.50', currency: 'EUR' });
    expect(await usedOf(u.accessToken)).toEqual({ amount: '420.50', currency: 'EUR' });
    expect(await usedOf(other.accessToken)).toEqual({ amount: '0.00', currency: 'EUR' });
    const one = (await svc.call('GET', `/admin/companies/${u.companyId}`, { token: admin })).json();
    expect(one.creditUsed).toEqual({ amount: '420.50', currency: 'EUR' });
    const list = (await svc.call('GET', '/admin/companies?limit=100', { token: admin })).json();
    const listed = new Map(list.items.map((c: { id: string; creditUsed: unknown }) => [c.id, c.creditUsed]));
    expect(listed.get(u.companyId)).toEqual({ amount: '420.50', currency: 'EUR' });
    expect(listed.get(other.companyId)).toEqual({ amount: '0.00', currency: 'EUR' });
    // The payment service down: the company still answers, creditUsed is unknown, never a guess.
    svc.credit.down = true;
    try {
      const res = await svc.call('GET', '/companies/me', { token: u.accessToken });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: u.companyId, creditUsed: null });
    } finally {
      svc.credit.down = false;
    }
  });

  it('sets the company country and VAT id, shows them to members and puts them in company.updated', async ({
    svc,
    admin,
  }) => {
    const u = await svc.register();
    const fresh = (await svc.call('GET', '/companies/me', { token: u.accessToken })).json();
    expect(fresh).toMatchObject({ country: null, vatId: null });
    const res = await svc.call('PATCH', `/admin/companies/${u.companyId}`, {
      token: admin,
      body: { country: 'FR', vatId: 'FR12345678901' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ country: 'FR', vatId: 'FR12345678901' });
    const company = (await svc.call('GET', '/companies/me', { token: u.accessToken })).json();
    expect(company).toMatchObject({ country: 'FR', vatId: 'FR12345678901' });
    const snapshots = (await svc.outboxEvents('company.updated')).filter(
      (e) => e.data.companyId === u.companyId,
    );
    expect(snapshots.at(-1)?.data).toMatchObject({ country: 'FR', vatId: 'FR12345678901' });
    // The snapshot of the company before the change carried neither field.
    expect(snapshots.some((e) => !('country' in e.data))).toBe(true);

    for (const body of [{ country: 'fr' }, { country: 'FRA' }, { vatId: 'FR 123' }, { vatId: 'x' }]) {
      const bad = await svc.call('PATCH', `/admin/companies/${u.companyId}`, { token: admin, body });
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
    }
    const cleared = await svc.call('PATCH', `/admin/companies/${u.companyId}`, {
      token: admin,
      body: { vatId: null },
    });
    expect(cleared.json()).toMatchObject({ country: 'FR', vatId: null });
  });

  it('putting a company on hold ends every member session and blocks login and refresh', async ({
    svc,
    admin,
  }) => {
    const u = await svc.register();
    const held = await svc.call('PATCH', `/admin/companies/${u.companyId}`, {
      token: admin,
      body: { status: 'on_hold' },
    });
    expect(held.json().status).toBe('on_hold');
    expect((await svc.call('GET', '/users/me', { token: u.accessToken })).statusCode).toBe(401);
    expect(
      (await svc.call('POST', '/auth/refresh', { body: { refreshToken: u.refreshToken } })).statusCode,
    ).toBe(401);
    const login = await svc.call('POST', '/auth/login', { body: { email: u.email, password: u.password } });
    expect(login.statusCode).toBe(403);
    expect(login.json().code).toBe('COMPANY_ON_HOLD');

    const list = await svc.call('GET', '/admin/companies?status=on_hold', { token: admin });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(u.companyId);
  });
});
