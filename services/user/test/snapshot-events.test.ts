import { type EmbeddedServer, startEmbeddedServer } from '@b2b/docdb-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxTransaction } from '../src/events/outbox-transaction.ts';
import { republishSnapshots } from '../src/events/republish-snapshots.ts';
import { CompanyRepository } from '../src/repositories/companies.ts';
import { UserRepository } from '../src/repositories/users.ts';
import { startUserApp, type UserApp } from './support/user-app.ts';

let server: EmbeddedServer;
let svc: UserApp;
beforeAll(async () => {
  server = await startEmbeddedServer();
  svc = await startUserApp(server);
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

type Snapshot = Record<string, unknown> & { version: number };

/** The snapshot events of one entity, oldest first. */
async function snapshotsOf(type: string, key: 'companyId' | 'userId', id: string): Promise<Snapshot[]> {
  return (await svc.outboxEvents(type)).map((e) => e.data as Snapshot).filter((d) => d[key] === id);
}

describe('company.updated', () => {
  it('registration stages the first snapshot; every admin change stages one more, with a higher version', async () => {
    const owner = await svc.register({ companyName: 'Snapshot Works' });
    const [first, ...none] = await snapshotsOf('company.updated', 'companyId', owner.companyId);
    expect(none).toEqual([]);
    expect(first).toEqual({
      companyId: owner.companyId,
      name: 'Snapshot Works',
      status: 'active',
      currency: 'EUR',
      paymentTerms: 'prepaid',
      creditLimit: { amount: '0.00', currency: 'EUR' },
      priceListId: null,
      version: 1,
      updatedAt: expect.any(String),
    });

    const admin = await svc.adminToken();
    const patch = await svc.call('PATCH', `/admin/companies/${owner.companyId}`, {
      token: admin,
      body: { paymentTerms: 'net30', creditLimit: { amount: '25000.00', currency: 'EUR' } },
    });
    expect(patch.statusCode).toBe(200);
    await svc.call('PATCH', `/admin/companies/${owner.companyId}`, {
      token: admin,
      body: { status: 'on_hold' },
    });
    const all = await snapshotsOf('company.updated', 'companyId', owner.companyId);
    expect(all.map((s) => [s.version, s.paymentTerms, s.status, s.creditLimit])).toEqual([
      [1, 'prepaid', 'active', { amount: '0.00', currency: 'EUR' }],
      [2, 'net30', 'active', { amount: '25000.00', currency: 'EUR' }],
      [3, 'net30', 'on_hold', { amount: '25000.00', currency: 'EUR' }],
    ]);
  });

  it('a refused change stages nothing (negative), next to an accepted one (positive)', async () => {
    const owner = await svc.register();
    const admin = await svc.adminToken();
    const refused = await svc.call('PATCH', `/admin/companies/${owner.companyId}`, {
      token: admin,
      body: { creditLimit: { amount: '10.00', currency: 'USD' } },
    });
    expect(refused.statusCode).toBe(400);
    expect(await snapshotsOf('company.updated', 'companyId', owner.companyId)).toHaveLength(1);
    await svc.call('PATCH', `/admin/companies/${owner.companyId}`, {
      token: admin,
      body: { paymentTerms: 'net60' },
    });
    expect(await snapshotsOf('company.updated', 'companyId', owner.companyId)).toHaveLength(2);
  });
});

describe('member.updated / member.removed', () => {
  it('invite, role and limit change, admin status change and removal each stage one snapshot, versions growing', async () => {
    const owner = await svc.register();
    const invited = await svc.call('POST', '/companies/me/members', {
      token: owner.accessToken,
      body: { email: `buyer.${Date.now()}@example.com`, name: 'Bea Buyer', companyRole: 'buyer' },
    });
    expect(invited.statusCode).toBe(201);
    const memberId = invited.json().id as string;
    const email = invited.json().email as string;

    const changed = await svc.call('PATCH', `/companies/me/members/${memberId}`, {
      token: owner.accessToken,
      body: { companyRole: 'approver', spendingLimit: { amount: '5000.00', currency: 'EUR' } },
    });
    expect(changed.statusCode).toBe(200);
    const admin = await svc.adminToken();
    const disabled = await svc.call('PATCH', `/admin/users/${memberId}`, {
      token: admin,
      body: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    const removed = await svc.call('DELETE', `/companies/me/members/${memberId}`, {
      token: owner.accessToken,
    });
    expect(removed.statusCode).toBe(204);

    const updates = await snapshotsOf('member.updated', 'userId', memberId);
    expect(updates[0]).toEqual({
      userId: memberId,
      companyId: owner.companyId,
      companyRole: 'buyer',
      spendingLimit: null,
      monthlyBudget: null,
      status: 'invited',
      email,
      name: 'Bea Buyer',
      version: 1,
      updatedAt: expect.any(String),
    });
    expect(updates.map((s) => [s.version, s.companyRole, s.spendingLimit, s.status])).toEqual([
      [1, 'buyer', null, 'invited'],
      [2, 'approver', { amount: '5000.00', currency: 'EUR' }, 'invited'],
      [3, 'approver', { amount: '5000.00', currency: 'EUR' }, 'disabled'],
    ]);
    const removals = await snapshotsOf('member.removed', 'userId', memberId);
    expect(removals.map((s) => [s.version, s.companyRole, s.status])).toEqual([[4, 'approver', 'disabled']]);
  });

  it('a monthly budget set by the company admin is shown, snapshotted, kept by other changes and cleared by null', async () => {
    const owner = await svc.register();
    const invited = await svc.call('POST', '/companies/me/members', {
      token: owner.accessToken,
      body: { email: `budget.${Date.now()}@example.com`, name: 'Bo Budget', companyRole: 'buyer' },
    });
    expect(invited.json().monthlyBudget).toBeNull();
    const memberId = invited.json().id as string;
    const patch = (body: unknown) =>
      svc.call('PATCH', `/companies/me/members/${memberId}`, { token: owner.accessToken, body });

    const set = await patch({ monthlyBudget: { amount: '2500.5', currency: 'EUR' } });
    expect(set.statusCode).toBe(200);
    expect(set.json().monthlyBudget).toEqual({ amount: '2500.50', currency: 'EUR' });
    // Another currency than the company's, a float or a negative: refused, nothing stored.
    const usd = await patch({ monthlyBudget: { amount: '10.00', currency: 'USD' } });
    expect(usd.statusCode).toBe(400);
    expect(usd.json()).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      errors: [{ path: '/monthlyBudget/currency', message: 'must be in EUR' }],
    });
    for (const amount of [12.5, '-1.00']) {
      expect((await patch({ monthlyBudget: { amount, currency: 'EUR' } })).statusCode).toBe(400);
    }
    // A role change leaves the budget alone; null clears it.
    expect((await patch({ companyRole: 'approver' })).json().monthlyBudget).toEqual({
      amount: '2500.50',
      currency: 'EUR',
    });
    expect((await patch({ monthlyBudget: null })).json().monthlyBudget).toBeNull();

    const members = (await svc.call('GET', '/companies/me', { token: owner.accessToken })).json().members;
    expect(members.find((m: { id: string }) => m.id === memberId).monthlyBudget).toBeNull();
    const updates = await snapshotsOf('member.updated', 'userId', memberId);
    expect(updates.map((s) => [s.version, s.companyRole, s.monthlyBudget])).toEqual([
      [1, 'buyer', null],
      [2, 'buyer', { amount: '2500.50', currency: 'EUR' }],
      [3, 'approver', { amount: '2500.50', currency: 'EUR' }],
      [4, 'approver', null],
    ]);
  });

  it('registration stages the first member snapshot of the company admin; a refused change stages none', async () => {
    const owner = await svc.register();
    expect(
      (await snapshotsOf('member.updated', 'userId', owner.userId)).map((s) => [s.version, s.companyRole]),
    ).toEqual([[1, 'company_admin']]);
    const own = await svc.call('PATCH', `/companies/me/members/${owner.userId}`, {
      token: owner.accessToken,
      body: { companyRole: 'buyer' },
    });
    expect(own.statusCode).toBe(409);
    expect(await snapshotsOf('member.updated', 'userId', owner.userId)).toHaveLength(1);
    // Positive control: a profile name change is a member change.
    const renamed = await svc.call('PATCH', '/users/me', {
      token: owner.accessToken,
      body: { name: 'New Name' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(
      (await snapshotsOf('member.updated', 'userId', owner.userId)).map((s) => [s.version, s.name]),
    ).toEqual([
      [1, expect.any(String)],
      [2, 'New Name'],
    ]);
  });
});

describe('republishing snapshots', () => {
  it('stages one company.updated per company and one member.updated per member, at their current versions', async () => {
    const db = svc.mongo.db;
    const companies = new CompanyRepository(db);
    const users = new UserRepository(db);
    const companyCount = await companies.collection.countDocuments();
    const memberCount = await users.collection.countDocuments({ companyId: { $ne: null } });
    expect(memberCount).toBeGreaterThan(0);
    const before = {
      company: (await svc.outboxEvents('company.updated')).length,
      member: (await svc.outboxEvents('member.updated')).length,
    };
    const counts = await republishSnapshots({
      companies,
      users,
      transaction: createOutboxTransaction(svc.mongo.client, db),
    });
    expect(counts).toEqual({ companies: companyCount, members: memberCount });
    const companyEvents = (await svc.outboxEvents('company.updated')).slice(before.company);
    const memberEvents = (await svc.outboxEvents('member.updated')).slice(before.member);
    expect(companyEvents).toHaveLength(companyCount);
    expect(memberEvents).toHaveLength(memberCount);
    expect(new Set(companyEvents.map((e) => e.data.companyId)).size).toBe(companyCount);
    // Platform admins (no company) are not members: none of them is republished.
    const adminIds = (await users.collection.find({ companyId: null }).toArray()).map((u) => u._id);
    expect(adminIds.length).toBeGreaterThan(0);
    expect(memberEvents.filter((e) => adminIds.includes(e.data.userId as string))).toEqual([]);
    for (const e of companyEvents) {
      const doc = await companies.findById(e.data.companyId as string);
      expect(e.data.version).toBe(doc?.version);
    }
  });
});
