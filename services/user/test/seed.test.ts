import { describe, expect } from 'vitest';
import { DEMO_PASSWORD, LOCAL_ADMIN, seedDemoData } from '../src/demo-data.ts';
import { createPasswordHasher } from '../src/passwords/hasher.ts';
import { CompanyRepository } from '../src/repositories/companies.ts';
import { UserRepository } from '../src/repositories/users.ts';
import { it } from './support/user-test.ts';

describe('local demo seed', () => {
  it('creates the admin and the demo companies once, and running it again changes nothing', async ({
    svc,
  }) => {
    const deps = {
      users: new UserRepository(svc.mongo.db),
      companies: new CompanyRepository(svc.mongo.db),
      hasher: await createPasswordHasher(),
      now: () => new Date(),
    };
    const lines = await seedDemoData(deps);
    expect(lines[0]).toContain(LOCAL_ADMIN.email);
    const countsAfterFirst = [
      await deps.users.collection.countDocuments(),
      await deps.companies.collection.countDocuments(),
    ];
    await Promise.all([seedDemoData(deps), seedDemoData(deps)]);
    expect([
      await deps.users.collection.countDocuments(),
      await deps.companies.collection.countDocuments(),
    ]).toEqual(countsAfterFirst);
    expect(countsAfterFirst).toEqual([5, 2]); // admin + 3 Acme members + 1 Globex admin; 2 companies

    const login = async (email: string, password: string) =>
      (await svc.call('POST', '/auth/login', { body: { email, password } })).json();
    const admin = await login(LOCAL_ADMIN.email, LOCAL_ADMIN.password);
    expect(admin.user.roles).toEqual(['admin']);

    const buyer = await login('buyer@acme.example', DEMO_PASSWORD);
    expect(buyer.user).toMatchObject({
      companyRole: 'buyer',
      spendingLimit: { amount: '5000.00', currency: 'EUR' },
    });
    const acmeAdmin = await login('admin@acme.example', DEMO_PASSWORD);
    const acme = (await svc.call('GET', '/companies/me', { token: acmeAdmin.accessToken })).json();
    // The monthly budget of the portal's budget page: the buyer's is set, the approver has none.
    const budgets = Object.fromEntries(
      acme.members.map((m: { companyRole: string; monthlyBudget: unknown }) => [
        m.companyRole,
        m.monthlyBudget,
      ]),
    );
    expect(budgets).toEqual({
      buyer: { amount: '25000.00', currency: 'EUR' },
      approver: null,
      company_admin: null,
    });
    expect(acme.name).toBe('Acme Industrial');
    expect(acme.members.map((m: { companyRole: string }) => m.companyRole).sort()).toEqual([
      'approver',
      'buyer',
      'company_admin',
    ]);

    const globex = await login('admin@globex.example', DEMO_PASSWORD);
    const other = (await svc.call('GET', '/companies/me', { token: globex.accessToken })).json();
    expect(other.name).toBe('Globex Supplies');
    expect(other.members).toHaveLength(1);
  });
});
