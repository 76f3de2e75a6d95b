/**
 * GET /internal/members/:id and /internal/companies/:id: the member.updated / company.updated
 * snapshot on demand, for a consumer whose projection has not received the event yet (the order
 * service deciding a just-registered buyer's first checkout). Each answer must be exactly what the
 * latest event of that entity carried, so "apply if newer" treats both sources alike.
 */
import { type EmbeddedServer, startEmbeddedServer } from '@b2b/docdb-local';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** The newest staged snapshot of one entity. */
async function latest(type: string, key: 'companyId' | 'userId', id: string) {
  const all = (await svc.outboxEvents(type)).map((e) => e.data).filter((d) => d[key] === id);
  return all.at(-1);
}

describe('snapshots on demand', () => {
  it("a member's answer is the latest member.updated, also after a change; 404 for an unknown id", async () => {
    const admin = await svc.register();
    const invited = await svc.call('POST', '/companies/me/members', {
      token: admin.accessToken,
      body: { email: `snap.${Date.now()}@example.com`, name: 'Snap Buyer', companyRole: 'buyer' },
    });
    expect(invited.statusCode).toBe(201);
    const buyerId = invited.json().id as string;
    const limited = await svc.call('PATCH', `/companies/me/members/${buyerId}`, {
      token: admin.accessToken,
      body: { spendingLimit: { amount: '250.00', currency: 'EUR' } },
    });
    expect(limited.statusCode).toBe(200);

    const got = await svc.call('GET', `/internal/members/${buyerId}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(await latest('member.updated', 'userId', buyerId));
    expect(got.json()).toMatchObject({
      companyId: admin.companyId,
      companyRole: 'buyer',
      spendingLimit: { amount: '250.00', currency: 'EUR' },
      version: 2,
    });
    // The company admin who registered is a member too.
    expect((await svc.call('GET', `/internal/members/${admin.userId}`)).json()).toMatchObject({
      companyRole: 'company_admin',
      spendingLimit: null,
    });

    const missing = await svc.call('GET', '/internal/members/no-such-user');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ code: 'MEMBER_NOT_FOUND' });
  });

  it('a platform admin has no company, so is no member: 404', async () => {
    const token = await svc.adminToken();
    const me = (await svc.call('GET', '/users/me', { token })).json();
    expect(me.companyId ?? null).toBeNull();
    expect((await svc.call('GET', `/internal/members/${me.id}`)).statusCode).toBe(404);
  });

  it("a company's answer is the latest company.updated, with the admin's terms; 404 for an unknown id", async () => {
    const owner = await svc.register({ companyName: 'On Demand Works' });
    const patched = await svc.call('PATCH', `/admin/companies/${owner.companyId}`, {
      token: await svc.adminToken(),
      body: { paymentTerms: 'net30', creditLimit: { amount: '9000.00', currency: 'EUR' } },
    });
    expect(patched.statusCode).toBe(200);
    const got = await svc.call('GET', `/internal/companies/${owner.companyId}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(await latest('company.updated', 'companyId', owner.companyId));
    expect(got.json()).toMatchObject({ name: 'On Demand Works', paymentTerms: 'net30', version: 2 });

    const missing = await svc.call('GET', '/internal/companies/no-such-company');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'COMPANY_NOT_FOUND' });
  });

  it('refuses a caller without the platform credential, and answers one with it', async () => {
    const admin = await svc.register();
    for (const url of [`/internal/members/${admin.userId}`, `/internal/companies/${admin.companyId}`]) {
      const refused = await svc.app.inject({ method: 'GET', url });
      expect(refused.statusCode, url).toBe(401);
      expect(refused.body).not.toContain(admin.email);
      const allowed = await svc.app.inject({
        method: 'GET',
        url,
        headers: serviceCredentialHeaders(svc.serviceCredential),
      });
      expect(allowed.statusCode, url).toBe(200);
    }
  });
});
