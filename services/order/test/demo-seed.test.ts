/**
 * The demo seed of the B2B buying tools (src/demo/demo-buying-tools.ts): what it leaves is what a
 * demo member sees through the API, it waits for the projections that arrive after it starts, a
 * second (and a concurrent) run adds nothing, and what a person deleted since is not brought back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUYING_TOOLS, seedDemoBuyingTools } from '../src/demo/demo-buying-tools.ts';
import {
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
  tokenFor,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 23360);
  // The demo catalog's skus the seed names, as the product service would price them.
  const skus = new Set(
    DEMO_BUYING_TOOLS.flatMap((s) =>
      [...s.lists.flatMap((l) => l.items), ...s.quote.items].map((i) => i.sku),
    ),
  );
  for (const sku of skus)
    svc.products.put({ sku, name: `Demo ${sku}`, price: { amount: '10.00', currency: 'EUR' } });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

type Role = 'company_admin' | 'approver' | 'buyer';

/** A company with these members, as the user service's snapshots would describe them. */
async function announceCompany(name: string, roles: Role[]) {
  const companyId = `c-${randomUUID().slice(0, 8)}`;
  const now = new Date().toISOString();
  await svc.deliver(
    'company.updated',
    {
      companyId,
      name,
      status: 'active',
      currency: 'EUR',
      paymentTerms: 'net30',
      creditLimit: { amount: '50000.00', currency: 'EUR' },
      priceListId: null,
      version: 1,
      updatedAt: now,
    },
    'user',
  );
  const tokens = {} as Record<Role, string>;
  for (const role of roles) {
    const userId = `u-${randomUUID().slice(0, 8)}`;
    await svc.deliver(
      'member.updated',
      {
        userId,
        companyId,
        companyRole: role,
        spendingLimit: null,
        monthlyBudget: null,
        status: 'active',
        email: `${role}.${userId}@example.com`,
        name: `${role} ${userId}`,
        version: 1,
        updatedAt: now,
      },
      'user',
    );
    tokens[role] = tokenFor({ id: userId, companyId, companyRole: role });
  }
  return { companyId, tokens };
}

const get = async (token: string, url: string) => {
  const res = await svc.call('GET', url, { token });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
};

async function demoCounts() {
  const db = svc.mongo.db;
  return {
    lists: await db.collection('shopping_lists').countDocuments(),
    quotes: await db.collection('quotes').countDocuments(),
    settings: await db.collection('company_settings').countDocuments(),
  };
}

describe('demo seed of the B2B buying tools', () => {
  it('waits for the demo companies, then each has lists, cost centers, rules and an open quote, once', async () => {
    // The seed starts before the user service's snapshots have arrived (as under npm start).
    const seeding = seedDemoBuyingTools(svc.ctx, svc.mongo.db, { timeoutMs: 20_000, pollMs: 20 });
    const acme = await announceCompany('Acme Industrial', ['company_admin', 'approver', 'buyer']);
    const globex = await announceCompany('Globex Supplies', ['company_admin']);
    const first = await seeding;
    expect(first.map((s) => [s.company, s.created])).toEqual([
      [
        'Acme Industrial',
        [
          'shopping-list:Workshop restock (monthly)',
          'shopping-list:My site visit kit',
          'cost-centers',
          'approval-rules',
          'quote',
        ],
      ],
      [
        'Globex Supplies',
        [
          'shopping-list:Office electrics',
          'shopping-list:Ideas for the warehouse',
          'cost-centers',
          'approval-rules',
          'quote',
        ],
      ],
    ]);

    // What the demo buyer sees: a shared and a private list, the cost centers, the rules, a quote.
    const buyer = acme.tokens.buyer;
    const lists = await get(buyer, '/shopping-lists');
    expect(lists.items.map((l: { name: string; shared: boolean }) => [l.name, l.shared]).sort()).toEqual([
      ['My site visit kit', false],
      ['Workshop restock (monthly)', true],
    ]);
    const shared = lists.items.find((l: { shared: boolean }) => l.shared);
    expect(shared.items).toContainEqual(
      expect.objectContaining({ sku: 'PPE-00009', quantity: 20, note: 'Nitrile gloves for the paint shop' }),
    );
    expect(await get(buyer, '/cost-centers')).toEqual({
      costCenters: [
        { code: 'CC-100', name: 'Maintenance' },
        { code: 'CC-200', name: 'Production line 2' },
      ],
    });
    expect(await get(buyer, '/approval-rules')).toEqual({
      rules: [
        { minTotal: { amount: '15000.00', currency: 'EUR' }, approverRole: 'approver' },
        { minTotal: { amount: '40000.00', currency: 'EUR' }, approverRole: 'company_admin' },
      ],
    });
    const quotes = await get(buyer, '/quotes');
    expect(quotes.items).toHaveLength(1);
    expect(quotes.items[0]).toMatchObject({
      status: 'requested',
      items: [
        { sku: 'PPE-00016', quantity: 120, targetPrice: { amount: '85.00', currency: 'EUR' } },
        { sku: 'PPE-00014', quantity: 60 },
      ],
    });
    // The private list is the buyer's alone: a colleague sees only the shared one.
    const colleague = await get(acme.tokens.approver, '/shopping-lists');
    expect(colleague.items.map((l: { name: string }) => l.name)).toEqual(['Workshop restock (monthly)']);
    // Globex has its own, and sees none of Acme's.
    const gus = await get(globex.tokens.company_admin, '/shopping-lists');
    expect(gus.items.map((l: { name: string }) => l.name).sort()).toEqual([
      'Ideas for the warehouse',
      'Office electrics',
    ]);
    expect((await get(globex.tokens.company_admin, '/quotes')).items).toHaveLength(1);

    // Again, twice at once: nothing added.
    const before = await demoCounts();
    expect(before).toEqual({ lists: 4, quotes: 2, settings: 2 });
    const again = await Promise.all([
      seedDemoBuyingTools(svc.ctx, svc.mongo.db, { timeoutMs: 5_000 }),
      seedDemoBuyingTools(svc.ctx, svc.mongo.db, { timeoutMs: 5_000 }),
    ]);
    expect(again.flat().flatMap((s) => s.created)).toEqual([]);
    expect(await demoCounts()).toEqual(before);

    // A list the buyer deleted stays deleted, and cleared rules stay cleared, on the next start.
    const privateList = lists.items.find((l: { shared: boolean }) => !l.shared);
    expect((await svc.call('DELETE', `/shopping-lists/${privateList.id}`, { token: buyer })).statusCode).toBe(
      204,
    );
    const cleared = await svc.call('PUT', '/approval-rules', {
      token: acme.tokens.company_admin,
      body: { rules: [] },
    });
    expect(cleared.statusCode).toBe(200);
    await seedDemoBuyingTools(svc.ctx, svc.mongo.db, { timeoutMs: 5_000 });
    expect((await get(buyer, '/shopping-lists')).items).toHaveLength(1);
    expect(await get(buyer, '/approval-rules')).toEqual({ rules: [] });
  });

  it('gives up with a message naming what it waited for when a demo company never appears', async () => {
    const spec = { ...DEMO_BUYING_TOOLS[0]!, company: `Nobody ${randomUUID().slice(0, 6)}` };
    await expect(
      seedDemoBuyingTools(svc.ctx, svc.mongo.db, { timeoutMs: 200, pollMs: 20 }, [spec]),
    ).rejects.toThrow(`gave up waiting for the projections of ${spec.company}`);
  });
});
