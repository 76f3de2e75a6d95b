/** Multi-level approval rules, monthly budgets and cost centers (api.md "B2B buying tools"). */
import { fromJson } from '@b2b/shared/money';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder } from '../src/domain/order-placement.ts';
import {
  address,
  type Member,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 22501);
  // 1,000.00 net → 1,190.00 with 19 % VAT (free shipping from 500).
  svc.products.put({ sku: 'PRESS-1', name: 'Press', price: { amount: '1000.00', currency: 'EUR' } });
  // 300.00 net + 15.00 shipping → 374.85; two (600.00 net, free shipping) → 714.00.
  svc.products.put({ sku: 'VISE-3', name: 'Vise', price: { amount: '300.00', currency: 'EUR' } });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const checkoutBody = { shippingAddress: address, paymentMethod: 'invoice' };

async function order(m: Member, sku: string, quantity: number, extra: Record<string, unknown> = {}) {
  const added = await svc.call('POST', '/cart/items', { token: m.token, body: { sku, quantity } });
  expect(added.statusCode).toBe(201);
  const res = await svc.call('POST', '/orders', { token: m.token, body: { ...checkoutBody, ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const approve = (m: Member, id: string) =>
  svc.call('POST', `/orders/${id}/approve`, { token: m.token, body: {} });

/** A company with a buyer, two approvers and two company admins. */
async function company() {
  const admin = await svc.member({ role: 'company_admin' });
  const [buyer, approver, approver2, admin2] = await Promise.all([
    svc.member({ companyId: admin.companyId, role: 'buyer' }),
    svc.member({ companyId: admin.companyId, role: 'approver' }),
    svc.member({ companyId: admin.companyId, role: 'approver' }),
    svc.member({ companyId: admin.companyId, role: 'company_admin' }),
  ]);
  return { admin, buyer: buyer!, approver: approver!, approver2: approver2!, admin2: admin2! };
}

const twoLevels = {
  // Given highest first: they are kept and applied lowest minTotal first.
  rules: [
    { minTotal: eur('5000.00'), approverRole: 'company_admin' },
    { minTotal: eur('1000.00'), approverRole: 'approver' },
  ],
};

describe('approval rules', () => {
  it('a company admin sets them, every member reads them (lowest first), a buyer or approver cannot change them', async () => {
    const c = await company();
    const put = await svc.call('PUT', '/approval-rules', { token: c.admin.token, body: twoLevels });
    expect(put.statusCode).toBe(200);
    const sorted = {
      rules: [
        { minTotal: eur('1000.00'), approverRole: 'approver' },
        { minTotal: eur('5000.00'), approverRole: 'company_admin' },
      ],
    };
    expect(put.json()).toEqual(sorted);
    for (const m of [c.buyer, c.approver]) {
      const read = await svc.call('GET', '/approval-rules', { token: m.token });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(sorted);
      const change = await svc.call('PUT', '/approval-rules', { token: m.token, body: { rules: [] } });
      expect(change.statusCode).toBe(403);
    }
    // Another company sees its own (none).
    const other = await svc.member({ role: 'company_admin' });
    expect((await svc.call('GET', '/approval-rules', { token: other.token })).json()).toEqual({ rules: [] });
    expect((await svc.call('GET', '/approval-rules', { token: c.admin.token })).json()).toEqual(sorted);
  });

  it('refuses another currency, floats, unknown roles and unknown fields (400), storing nothing', async () => {
    const c = await company();
    const bad = [
      { rules: [{ minTotal: { amount: '10.00', currency: 'USD' }, approverRole: 'approver' }] },
      { rules: [{ minTotal: { amount: 10.5, currency: 'EUR' }, approverRole: 'approver' }] },
      { rules: [{ minTotal: eur('10.00'), approverRole: 'buyer' }] },
      { rules: [{ minTotal: eur('10.00'), approverRole: 'approver', extra: 1 }] },
      { rules: [], extra: true },
    ];
    for (const body of bad) {
      const res = await svc.call('PUT', '/approval-rules', { token: c.admin.token, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await svc.call('GET', '/approval-rules', { token: c.admin.token })).json()).toEqual({
      rules: [],
    });
    const good = { rules: [{ minTotal: eur('10.00'), approverRole: 'approver' }] };
    expect((await svc.call('PUT', '/approval-rules', { token: c.admin.token, body: good })).statusCode).toBe(
      200,
    );
  });

  it('a two-level rule makes a large order wait for an approver and then a company admin, in that order', async () => {
    const c = await company();
    await svc.call('PUT', '/approval-rules', { token: c.admin.token, body: twoLevels });
    const large = await order(c.buyer, 'PRESS-1', 5); // 5,950.00
    expect(large).toMatchObject({
      status: 'awaiting_approval',
      total: eur('5950.00'),
      approvalReasons: ['approval_rule'],
      approvalLevels: [{ roles: ['approver'] }, { roles: ['company_admin'] }],
    });

    // The company admin's level is the second: not before an approver's.
    const early = await approve(c.admin, large.id);
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('NOT_APPROVER_FOR_LEVEL');
    const first = await approve(c.approver, large.id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'awaiting_approval',
      approvals: [{ by: c.approver.userId, role: 'approver', decision: 'approved' }],
    });
    // The next level's approvers are told again; nothing is placed yet.
    const waiting = (await svc.outboxEvents('order.awaiting_approval')).filter(
      (e) => e.data.orderId === large.id,
    );
    expect(waiting).toHaveLength(2);
    expect((await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === large.id)).toEqual([]);
    // An approver cannot give the company admin's level.
    const wrongRole = await approve(c.approver2, large.id);
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().code).toBe('NOT_APPROVER_FOR_LEVEL');

    const second = await approve(c.admin, large.id);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({
      status: 'pending',
      approvals: [
        { by: c.approver.userId, role: 'approver' },
        { by: c.admin.userId, role: 'company_admin' },
      ],
    });
    expect((await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === large.id)).toHaveLength(
      1,
    );
    expect((await approve(c.admin2, large.id)).statusCode).toBe(409);
  });

  it('an order matching only the lower rule needs one approval; one below every rule and limit is pending', async () => {
    const c = await company();
    await svc.call('PUT', '/approval-rules', { token: c.admin.token, body: twoLevels });
    const middle = await order(c.buyer, 'PRESS-1', 1); // 1,190.00
    expect(middle).toMatchObject({ status: 'awaiting_approval', approvalLevels: [{ roles: ['approver'] }] });
    expect((await approve(c.approver, middle.id)).json().status).toBe('pending');
    const small = await order(c.buyer, 'VISE-3', 1); // 374.85
    expect(small).toMatchObject({ status: 'pending', approvalReasons: [], approvalLevels: [] });
  });

  it('a level is given once: one person cannot approve two levels, two approvers at once give one', async () => {
    const c = await company();
    const rules = {
      rules: [
        { minTotal: eur('1000.00'), approverRole: 'approver' },
        { minTotal: eur('1000.00'), approverRole: 'approver' },
      ],
    };
    await svc.call('PUT', '/approval-rules', { token: c.admin.token, body: rules });
    const o = await order(c.buyer, 'PRESS-1', 1);
    expect(o.approvalLevels).toEqual([{ roles: ['approver'] }, { roles: ['approver'] }]);
    const [a, b] = await Promise.all([approve(c.approver, o.id), approve(c.approver2, o.id)]);
    const codes = [a!.statusCode, b!.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const after = (await svc.call('GET', `/orders/${o.id}`, { token: c.admin.token })).json();
    expect(after.status).toBe('awaiting_approval');
    expect(after.approvals).toHaveLength(1);
    const winner = after.approvals[0].by === c.approver.userId ? c.approver : c.approver2;
    const other = winner === c.approver ? c.approver2 : c.approver;
    const twice = await approve(winner, o.id);
    expect(twice.statusCode).toBe(403);
    expect(twice.json().code).toBe('ALREADY_APPROVED');
    expect((await approve(other, o.id)).json().status).toBe('pending');
  });

  it('changing the rules does not re-decide an order already waiting; new orders follow the new rules', async () => {
    const c = await company();
    await svc.call('PUT', '/approval-rules', { token: c.admin.token, body: twoLevels });
    const waiting = await order(c.buyer, 'PRESS-1', 5);
    expect(waiting.approvalLevels).toHaveLength(2);
    expect(
      (await svc.call('PUT', '/approval-rules', { token: c.admin.token, body: { rules: [] } })).statusCode,
    ).toBe(200);
    const still = (await svc.call('GET', `/orders/${waiting.id}`, { token: c.admin.token })).json();
    expect(still).toMatchObject({ status: 'awaiting_approval', approvalLevels: waiting.approvalLevels });
    expect((await approve(c.admin, waiting.id)).statusCode).toBe(403);
    expect((await approve(c.approver, waiting.id)).json().status).toBe('awaiting_approval');
    expect((await approve(c.admin, waiting.id)).json().status).toBe('pending');
    const fresh = await order(c.buyer, 'PRESS-1', 5);
    expect(fresh).toMatchObject({ status: 'pending', approvalLevels: [] });
  });

  it("the buyer's spending limit still holds an order below every rule (one approval from either role)", async () => {
    const admin = await svc.member({ role: 'company_admin' });
    const buyer = await svc.member({ companyId: admin.companyId, role: 'buyer', spendingLimit: '300.00' });
    await svc.call('PUT', '/approval-rules', { token: admin.token, body: twoLevels });
    const o = await order(buyer, 'VISE-3', 1); // 374.85 > 300.00, below 1,000.00
    expect(o).toMatchObject({
      status: 'awaiting_approval',
      approvalReasons: ['over_spending_limit'],
      approvalLevels: [{ roles: ['approver', 'company_admin'] }],
    });
    expect((await approve(admin, o.id)).json().status).toBe('pending');
  });
});

describe('monthly budgets', () => {
  it("an order beyond the month's budget waits for approval; the member sees what is left; cancelled orders do not count", async () => {
    const admin = await svc.member({ role: 'company_admin' });
    const buyer = await svc.member({ companyId: admin.companyId, role: 'buyer', monthlyBudget: '1000.00' });
    const before = await svc.call('GET', '/budgets/me', { token: buyer.token });
    expect(before.json()).toEqual({
      month: new Date().toISOString().slice(0, 7),
      monthlyBudget: eur('1000.00'),
      spent: eur('0.00'),
      remaining: eur('1000.00'),
    });
    const first = await order(buyer, 'VISE-3', 2); // 714.00: within
    expect(first).toMatchObject({ status: 'pending', approvalReasons: [] });
    expect((await svc.call('GET', '/budgets/me', { token: buyer.token })).json()).toMatchObject({
      spent: eur('714.00'),
      remaining: eur('286.00'),
    });
    const second = await order(buyer, 'VISE-3', 1); // 714.00 + 374.85 > 1,000.00
    expect(second).toMatchObject({
      status: 'awaiting_approval',
      approvalReasons: ['over_monthly_budget'],
      approvalLevels: [{ roles: ['approver', 'company_admin'] }],
    });
    // Waiting orders do not count yet; an approved one does, even beyond the budget (shown as 0 left).
    expect((await svc.call('GET', '/budgets/me', { token: buyer.token })).json().spent).toEqual(
      eur('714.00'),
    );
    expect((await approve(admin, second.id)).json().status).toBe('pending');
    expect((await svc.call('GET', '/budgets/me', { token: buyer.token })).json()).toMatchObject({
      spent: eur('1088.85'),
      remaining: eur('0.00'),
    });
    // Cancelling both frees the budget: the same order goes straight through.
    for (const o of [first, second]) {
      expect((await svc.call('POST', `/orders/${o.id}/cancel`, { token: buyer.token })).statusCode).toBe(200);
    }
    const third = await order(buyer, 'VISE-3', 2);
    expect(third.status).toBe('pending');
  });

  it('a member without a budget has none to see, and orders are not held for one', async () => {
    const buyer = await svc.member();
    expect((await svc.call('GET', '/budgets/me', { token: buyer.token })).json()).toMatchObject({
      monthlyBudget: null,
      spent: eur('0.00'),
      remaining: null,
    });
    expect((await order(buyer, 'PRESS-1', 2)).status).toBe('pending');
    expect((await svc.call('GET', '/budgets/me', { token: buyer.token })).json().spent).toEqual(
      eur('2380.00'),
    );
  });

  it('concurrent checkouts are decided one after the other: the budget is never overspent by a race', async () => {
    const buyer = await svc.member({ monthlyBudget: '1000.00' });
    // Each checkout of the same cart (374.85) sees the others' orders: two fit, the rest wait.
    await svc.call('POST', '/cart/items', { token: buyer.token, body: { sku: 'VISE-3', quantity: 1 } });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        svc.call('POST', '/orders', { token: buyer.token, body: checkoutBody }),
      ),
    );
    const placed = results.filter((r) => r.statusCode === 201).map((r) => r.json());
    expect(placed.length).toBeGreaterThanOrEqual(1);
    const pending = placed.filter((o) => o.status === 'pending');
    expect(pending.length).toBe(Math.min(2, placed.length));
    expect(placed.filter((o) => o.status === 'awaiting_approval').length).toBe(
      placed.length - pending.length,
    );
    const spent = (await svc.call('GET', '/budgets/me', { token: buyer.token })).json().spent;
    expect(spent).toEqual(eur(['0.00', '374.85', '749.70'][pending.length]!));
  });
});

describe('monthly budgets under concurrent orders without a shared cart', () => {
  it('orders created at once for one member (as concurrent quote acceptances are) never overspend the budget', async () => {
    const buyer = await svc.member({ monthlyBudget: '1000.00' });
    const caller = { userId: buyer.userId, companyId: buyer.companyId, companyRole: 'buyer' as const };
    const line = {
      sku: 'VISE-3',
      productId: 'p-vise-3',
      name: 'Vise',
      quantity: 1,
      unitPrice: fromJson(eur('300.00')),
      lineTotal: fromJson(eur('300.00')),
    };
    // Nothing else is written by these orders: only the budget lock orders them.
    const orders = await Promise.all(
      Array.from({ length: 6 }, () =>
        createOrder(
          svc.ctx,
          caller,
          null,
          { shippingAddress: address, paymentMethod: 'invoice' },
          [line],
          async () => {},
        ),
      ),
    );
    expect(orders.filter((o) => o.status === 'pending')).toHaveLength(2);
    expect(orders.filter((o) => o.status === 'awaiting_approval')).toHaveLength(4);
    expect((await svc.call('GET', '/budgets/me', { token: buyer.token })).json().spent).toEqual(
      eur('749.70'),
    );
  });
});

describe('cost centers', () => {
  it('a company admin keeps the list; checkout must then name one of them (its spelling is stored)', async () => {
    const admin = await svc.member({ role: 'company_admin' });
    const buyer = await svc.member({ companyId: admin.companyId, role: 'buyer' });
    // Without a list, any cost center is taken as written.
    expect((await order(buyer, 'VISE-3', 1, { costCenter: 'anything' })).costCenter).toBe('anything');
    const list = {
      costCenters: [
        { code: 'CC-100', name: 'Maintenance' },
        { code: 'CC-200', name: 'Tooling' },
      ],
    };
    expect((await svc.call('PUT', '/cost-centers', { token: buyer.token, body: list })).statusCode).toBe(403);
    const put = await svc.call('PUT', '/cost-centers', { token: admin.token, body: list });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(list);
    expect((await svc.call('GET', '/cost-centers', { token: buyer.token })).json()).toEqual(list);
    const other = await svc.member();
    expect((await svc.call('GET', '/cost-centers', { token: other.token })).json()).toEqual({
      costCenters: [],
    });

    await svc.call('POST', '/cart/items', { token: buyer.token, body: { sku: 'VISE-3', quantity: 1 } });
    const unknown = await svc.call('POST', '/orders', {
      token: buyer.token,
      body: { ...checkoutBody, costCenter: 'CC-999' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'UNKNOWN_COST_CENTER',
      errors: [{ path: '/costCenter', message: expect.any(String) }],
    });
    const known = await svc.call('POST', '/orders', {
      token: buyer.token,
      body: { ...checkoutBody, costCenter: 'cc-200' },
    });
    expect(known.statusCode).toBe(201);
    expect(known.json().costCenter).toBe('CC-200');
  });

  it('refuses a code listed twice or a blank name (400)', async () => {
    const admin = await svc.member({ role: 'company_admin' });
    const twice = await svc.call('PUT', '/cost-centers', {
      token: admin.token,
      body: {
        costCenters: [
          { code: 'A1', name: 'One' },
          { code: 'a1', name: 'Two' },
        ],
      },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({
      code: 'DUPLICATE_COST_CENTER',
      errors: [{ path: '/costCenters/1/code' }],
    });
    const blank = await svc.call('PUT', '/cost-centers', {
      token: admin.token,
      body: { costCenters: [{ code: 'A1', name: '   ' }] },
    });
    expect(blank.statusCode).toBe(400);
    expect((await svc.call('GET', '/cost-centers', { token: admin.token })).json()).toEqual({
      costCenters: [],
    });
  });
});
