import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const DAY = 86_400_000;
/** Each test file's orders are its own database's: the figures below are exact. */
let start: Date;
let buyer: Member;

beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21904);
  svc.products.put({ sku: 'DRILL-1', name: 'Drill', price: { amount: '120.00', currency: 'EUR' } });
  // 0.10 + 0.20 is 0.30000000000000004 in floating point: exact sums must not care.
  svc.products.put({ sku: 'PIN-1', name: 'Pin', price: { amount: '0.10', currency: 'EUR' } });
  svc.products.put({ sku: 'PIN-2', name: 'Pin 2', price: { amount: '0.20', currency: 'EUR' } });
  buyer = await svc.member();
  start = new Date();
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

async function order(
  m: Member,
  lines: [string, number][],
  opts: { confirm?: boolean; costCenter?: string } = {},
) {
  for (const [sku, quantity] of lines)
    await svc.call('POST', '/cart/items', { token: m.token, body: { sku, quantity } });
  const body = {
    shippingAddress: address,
    paymentMethod: 'invoice',
    ...(opts.costCenter ? { costCenter: opts.costCenter } : {}),
  };
  const placed = (await svc.call('POST', '/orders', { token: m.token, body })).json();
  if (opts.confirm !== false) {
    await svc.deliver('inventory.reserved', { orderId: placed.id, items: [] }, 'product');
    await svc.deliver(
      'payment.authorized',
      { paymentId: 'p', orderId: placed.id, amount: placed.total },
      'payment',
    );
  }
  return placed;
}

describe('GET /admin/analytics/sales', () => {
  it('sums revenue exactly, counts by status, series by day and by week, top products', async () => {
    // Day 0: 120.00 + 15.00 shipping + 19 % = 160.65, and a pin order of 0.30 + 15 → 18.21 (18.207 rounded).
    const a = await order(buyer, [['DRILL-1', 1]]);
    const b = await order(buyer, [
      ['PIN-1', 1],
      ['PIN-2', 1],
    ]);
    expect([a.total.amount, b.total.amount]).toEqual(['160.65', '18.21']);
    await order(buyer, [['DRILL-1', 1]], { confirm: false }); // pending: not revenue
    svc.advance(2 * DAY);
    const c = await order(buyer, [['DRILL-1', 5]]); // 600 → free shipping, 714.00
    svc.advance(-2 * DAY);
    expect(c.total.amount).toBe('714.00');

    const from = new Date(start.getTime() - DAY).toISOString();
    const to = new Date(start.getTime() + 10 * DAY).toISOString();
    const admin = svc.adminToken();
    const res = await svc.call('GET', `/admin/analytics/sales?from=${from}&to=${to}&interval=day`, {
      token: admin,
    });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.revenue).toEqual({ amount: '892.86', currency: 'EUR' });
    expect(report.orders).toBe(3);
    expect(report.averageOrderValue).toEqual({ amount: '297.62', currency: 'EUR' }); // 892.86 / 3
    expect(report.byStatus).toEqual({ confirmed: 3, pending: 1 });
    const day0 = start.toISOString().slice(0, 10);
    const day2 = new Date(start.getTime() + 2 * DAY).toISOString().slice(0, 10);
    expect(report.series).toEqual([
      { date: day0, revenue: { amount: '178.86', currency: 'EUR' }, orders: 2 },
      { date: day2, revenue: { amount: '714.00', currency: 'EUR' }, orders: 1 },
    ]);
    expect(report.topProducts).toEqual([
      { sku: 'DRILL-1', name: 'Drill', quantity: 6, revenue: { amount: '720.00', currency: 'EUR' } },
      { sku: 'PIN-2', name: 'Pin 2', quantity: 1, revenue: { amount: '0.20', currency: 'EUR' } },
      { sku: 'PIN-1', name: 'Pin', quantity: 1, revenue: { amount: '0.10', currency: 'EUR' } },
    ]);

    // One company, no cost center named: one row with everything.
    expect(report.byCostCenter).toEqual([
      {
        companyId: buyer.companyId,
        costCenter: null,
        revenue: { amount: '892.86', currency: 'EUR' },
        orders: 3,
      },
    ]);

    const weekly = (
      await svc.call('GET', `/admin/analytics/sales?from=${from}&to=${to}&interval=week`, { token: admin })
    ).json();
    const total = weekly.series.reduce((n: number, s: { orders: number }) => n + s.orders, 0);
    expect(total).toBe(3);
    for (const s of weekly.series) expect(new Date(`${s.date}T00:00:00Z`).getUTCDay()).toBe(1); // Mondays

    // A range that holds none of them: zeros, not errors.
    const empty = (
      await svc.call('GET', `/admin/analytics/sales?from=2001-01-01T00:00:00Z&to=2001-02-01T00:00:00Z`, {
        token: admin,
      })
    ).json();
    expect(empty).toMatchObject({
      revenue: { amount: '0.00' },
      orders: 0,
      averageOrderValue: { amount: '0.00' },
      series: [],
      topProducts: [],
    });
  });

  it('refuses a reversed range (400), bad dates (400) and non-admins (403)', async () => {
    const admin = svc.adminToken();
    expect(
      (
        await svc.call('GET', '/admin/analytics/sales?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', {
          token: admin,
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await svc.call('GET', '/admin/analytics/sales?from=yesterday&to=2026-01-01T00:00:00Z', {
          token: admin,
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await svc.call('GET', '/admin/analytics/sales?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', {
          token: buyer.token,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await svc.call('GET', '/admin/analytics/sales?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', {
          token: admin,
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('GET /orders/summary', () => {
  it("gives a company admin the company's confirmed totals per cost center; buyers get 403", async () => {
    const admin = await svc.member({ role: 'company_admin' });
    const colleague = await svc.member({ companyId: admin.companyId });
    await order(colleague, [['DRILL-1', 1]], { costCenter: 'R&D' });
    await order(colleague, [['DRILL-1', 1]], { costCenter: 'R&D' });
    await order(admin, [['DRILL-1', 1]]);
    await order(admin, [['DRILL-1', 1]], { costCenter: 'Ops', confirm: false });
    const res = await svc.call('GET', '/orders/summary', { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      companyId: admin.companyId,
      total: { amount: '481.95', currency: 'EUR' },
      orders: 3,
      byCostCenter: [
        { costCenter: null, total: { amount: '160.65', currency: 'EUR' }, orders: 1 },
        { costCenter: 'R&D', total: { amount: '321.30', currency: 'EUR' }, orders: 2 },
      ],
    });
    expect((await svc.call('GET', '/orders/summary', { token: colleague.token })).statusCode).toBe(403);

    // The operator's analytics show the same split, per company, highest revenue first.
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const report = (
      await svc.call('GET', `/admin/analytics/sales?from=${from}&to=${to}`, { token: svc.adminToken() })
    ).json();
    expect(report.byCostCenter.filter((c: { companyId: string }) => c.companyId === admin.companyId)).toEqual(
      [
        {
          companyId: admin.companyId,
          costCenter: 'R&D',
          revenue: { amount: '321.30', currency: 'EUR' },
          orders: 2,
        },
        {
          companyId: admin.companyId,
          costCenter: null,
          revenue: { amount: '160.65', currency: 'EUR' },
          orders: 1,
        },
      ],
    );
  });
});
