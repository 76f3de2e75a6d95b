/**
 * A buyer who registered a second ago checks out before member.updated / company.updated has
 * reached the order service. The order service asks the user service for the snapshots (its
 * internal routes, here the stand-in with the owner's schemas, through the real typed client) and
 * decides as it would with the projections: no `buyer_unknown` hold, the company's country and
 * VAT id in the tax. When the user service cannot answer, the old safe decision stays: held for
 * approval, never an error.
 */
import { randomUUID } from 'node:crypto';
import { pollUntil } from '@b2b/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanySnapshot, MemberSnapshot } from '../src/domain/projections.ts';
import {
  address,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
  testRules,
  tokenFor,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21960, testRules, { userSnapshots: true });
  svc.products.put({ sku: 'BOLT-9', name: 'Bolt', price: { amount: '120.00', currency: 'EUR' } });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

/** A new company and its admin as the user service knows them; the order service knows neither. */
function registeredElsewhere(opts: { spendingLimit?: string; country?: string; vatId?: string } = {}) {
  const companyId = `c-${randomUUID().slice(0, 8)}`;
  const userId = `u-${randomUUID().slice(0, 8)}`;
  const now = new Date().toISOString();
  const company: CompanySnapshot = {
    companyId,
    name: `Fresh ${companyId}`,
    status: 'active',
    currency: 'EUR',
    paymentTerms: 'prepaid',
    creditLimit: { amount: '0.00', currency: 'EUR' },
    priceListId: null,
    ...(opts.country ? { country: opts.country } : {}),
    ...(opts.vatId ? { vatId: opts.vatId } : {}),
    version: 1,
    updatedAt: now,
  };
  const member: MemberSnapshot = {
    userId,
    companyId,
    companyRole: 'company_admin',
    spendingLimit: opts.spendingLimit ? { amount: opts.spendingLimit, currency: 'EUR' } : null,
    monthlyBudget: null,
    status: 'active',
    email: `${userId}@example.com`,
    name: 'Fresh Admin',
    version: 1,
    updatedAt: now,
  };
  svc.users?.companies.set(companyId, company);
  svc.users?.members.set(userId, member);
  return { company, member, token: tokenFor({ id: userId, companyId, companyRole: 'company_admin' }) };
}

async function checkout(token: string) {
  const added = await svc.call('POST', '/cart/items', { token, body: { sku: 'BOLT-9', quantity: 1 } });
  expect(added.statusCode).toBe(201);
  const res = await svc.call('POST', '/orders', {
    token,
    body: { shippingAddress: address, paymentMethod: 'card', cardToken: 'tok_visa' },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('a first checkout before the snapshots arrive', () => {
  it('is decided on the user service’s snapshots: pending, not held as buyer_unknown; stored for next time', async () => {
    const fresh = registeredElsewhere();
    expect(await svc.ctx.repos.members.find(fresh.member.userId)).toBeNull();
    const order = await checkout(fresh.token);
    expect(order).toMatchObject({ status: 'pending' });
    expect((await svc.outboxEvents('order.placed')).some((e) => e.data.orderId === order.id)).toBe(true);
    // The snapshots are now projections, at the owner's version: the next checkout asks nobody.
    expect(await svc.ctx.repos.members.find(fresh.member.userId)).toMatchObject({ version: 1 });
    expect(await svc.ctx.repos.companies.find(fresh.company.companyId)).toMatchObject({ version: 1 });
    const calls = svc.users?.calls;
    expect((await checkout(fresh.token)).status).toBe('pending');
    expect(svc.users?.calls).toBe(calls);
  });

  it("the fetched member's spending limit still holds an order above it for approval", async () => {
    const fresh = registeredElsewhere({ spendingLimit: '50.00' });
    const order = await checkout(fresh.token);
    expect(order).toMatchObject({ status: 'awaiting_approval', approvalReasons: ['over_spending_limit'] });
  });

  it("the fetched company's country and VAT id decide the tax (reverse charge abroad)", async () => {
    const fresh = registeredElsewhere({ country: 'FR', vatId: 'FR12345678901' });
    const cart = await svc.call('POST', '/cart/items', {
      token: fresh.token,
      body: { sku: 'BOLT-9', quantity: 1 },
    });
    expect(cart.statusCode).toBe(201);
    const totals = (await svc.call('GET', '/cart', { token: fresh.token })).json();
    expect(totals.taxNote).toMatch(/^Reverse charge/);
    expect(totals.tax.amount).toBe('0.00');
  });

  it('a later, older event does not undo a newer fetched snapshot', async () => {
    const fresh = registeredElsewhere();
    svc.users?.members.set(fresh.member.userId, {
      ...fresh.member,
      version: 3,
      spendingLimit: { amount: '999.00', currency: 'EUR' },
    });
    await checkout(fresh.token);
    await svc.deliver('member.updated', fresh.member, 'user'); // version 1, arriving late
    expect(await svc.ctx.repos.members.find(fresh.member.userId)).toMatchObject({ version: 3 });
  });

  it('with the user service down the order is held as buyer_unknown, and decided when member.updated arrives', async () => {
    const fresh = registeredElsewhere();
    const limited = registeredElsewhere({ spendingLimit: '50.00' });
    if (!svc.users) throw new Error('the stand-in is started by this file');
    svc.users.failWith = 503;
    let held: { id: string };
    let heldLimited: { id: string };
    try {
      held = await checkout(fresh.token);
      heldLimited = await checkout(limited.token);
      for (const order of [held, heldLimited]) {
        expect(order).toMatchObject({ status: 'awaiting_approval', approvalReasons: ['buyer_unknown'] });
      }
      expect(await svc.ctx.repos.members.find(fresh.member.userId)).toBeNull();
    } finally {
      svc.users.failWith = null;
    }
    // A one-person company has nobody else to approve it: the snapshot's arrival decides it.
    await svc.deliver('member.updated', fresh.member, 'user');
    const decided = await svc.ctx.repos.orders.findById(held.id);
    expect(decided).toMatchObject({ status: 'pending', approvalReasons: [], approvalLevels: [] });
    expect(decided?.history.at(-1)).toMatchObject({ status: 'pending', reason: 'buyer_known' });
    expect((await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === held.id)).toHaveLength(
      1,
    );
    // The same event again changes nothing (no second order.placed).
    await svc.deliver('member.updated', fresh.member, 'user');
    expect((await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === held.id)).toHaveLength(
      1,
    );
    // A member whose limit the order exceeds: still waiting, now for the real reason.
    await svc.deliver('member.updated', limited.member, 'user');
    expect(await svc.ctx.repos.orders.findById(heldLimited.id)).toMatchObject({
      status: 'awaiting_approval',
      approvalReasons: ['over_spending_limit'],
    });
    expect((await svc.outboxEvents('order.placed')).some((e) => e.data.orderId === heldLimited.id)).toBe(
      false,
    );

    // Positive control: the same buyer once the user service answers again (and the client's
    // breaker, opened by the outage, lets calls through).
    await pollUntil(() => svc.ctx.snapshots?.member(fresh.member.userId).catch(() => undefined), {
      timeoutMs: 20_000,
      message: 'the user snapshot client answering again',
    });
    expect((await checkout(fresh.token)).status).toBe('pending');
  });

  it('a snapshot that lands while the checkout is deciding is not missed (no order left held)', async () => {
    const fresh = registeredElsewhere();
    if (!svc.users) throw new Error('the stand-in is started by this file');
    // The user service does not know the member yet (404) and answers slowly; meanwhile the
    // member's event reaches the order service and commits.
    svc.users.members.delete(fresh.member.userId);
    svc.users.memberDelayMs = 400;
    try {
      const added = await svc.call('POST', '/cart/items', {
        token: fresh.token,
        body: { sku: 'BOLT-9', quantity: 1 },
      });
      expect(added.statusCode).toBe(201);
      const before = svc.users.memberCalls;
      const placing = svc.call('POST', '/orders', {
        token: fresh.token,
        body: { shippingAddress: address, paymentMethod: 'card', cardToken: 'tok_visa' },
      });
      await pollUntil(() => (svc.users && svc.users.memberCalls > before) || undefined, {
        timeoutMs: 10_000,
        message: 'the checkout asking the user service',
      });
      await svc.deliver('member.updated', fresh.member, 'user');
      const res = await placing;
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ status: 'pending', approvalReasons: [] });
    } finally {
      svc.users.memberDelayMs = 0;
    }
  });

  it('an order held for its spending limit is not re-decided when a higher limit arrives', async () => {
    const fresh = registeredElsewhere({ spendingLimit: '50.00' });
    const order = await checkout(fresh.token);
    expect(order).toMatchObject({ status: 'awaiting_approval', approvalReasons: ['over_spending_limit'] });
    await svc.deliver(
      'member.updated',
      { ...fresh.member, spendingLimit: { amount: '5000.00', currency: 'EUR' }, version: 2 },
      'user',
    );
    expect(await svc.ctx.repos.members.find(fresh.member.userId)).toMatchObject({ version: 2 });
    expect(await svc.ctx.repos.orders.findById(order.id)).toMatchObject({
      status: 'awaiting_approval',
      approvalReasons: ['over_spending_limit'],
    });
  });

  it('a user the user service does not know is held as buyer_unknown', async () => {
    const token = tokenFor({
      id: `u-ghost-${randomUUID().slice(0, 6)}`,
      companyId: 'c-ghost',
      companyRole: 'buyer',
    });
    const order = await checkout(token);
    expect(order).toMatchObject({ status: 'awaiting_approval', approvalReasons: ['buyer_unknown'] });
  });
});
