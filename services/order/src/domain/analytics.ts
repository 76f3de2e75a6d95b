/**
 * Sales figures from the service's own orders. Each figure is one plain aggregation ($match,
 * $group, $unwind, $sort, $limit: what the embedded server runs AND DocumentDB 5.0 supports; no
 * $facet, no $setWindowFields). Amounts are Decimal128, so the database's sums are exact; the
 * weekly series is folded from the daily one in bigint.
 */
import { fromDecimal128 } from '@b2b/shared/db';
import { add, fromMinorUnits, type Money, toMinorUnits, zero } from '@b2b/shared/money';
import { Decimal128 } from 'mongodb';
import type { Caller, OrderContext } from './context.ts';
import { orderErrors } from './errors.ts';
import type { OrderStatus } from './model.ts';

/** Orders whose money the supplier has secured: what "revenue" counts. */
export const REVENUE_STATUSES: readonly OrderStatus[] = ['confirmed', 'shipped', 'delivered'];

export interface SalesQuery {
  from: Date;
  to: Date;
  interval: 'day' | 'week';
}

export interface SalesReport {
  revenue: Money;
  orders: number;
  averageOrderValue: Money;
  byStatus: Record<string, number>;
  series: { date: string; revenue: Money; orders: number }[];
  topProducts: { sku: string; name: string; quantity: number; revenue: Money }[];
  /** Revenue per company and cost center (the company's checkout choice), highest first. */
  byCostCenter: { companyId: string; costCenter: string | null; revenue: Money; orders: number }[];
}

/** How many company × cost center rows the report keeps. */
export const TOP_COST_CENTERS = 20;

function amountOf(value: unknown, currency: string): Money {
  return value instanceof Decimal128 ? fromDecimal128(value, currency) : zero(currency);
}

/** Half-up division of an amount by a count (the average order value). */
function divide(total: Money, count: number): Money {
  if (count === 0) return zero(total.currency);
  const n = BigInt(count);
  // Totals are whole minor units; the average is rounded half up to one.
  return fromMinorUnits((toMinorUnits(total) * 2n + n) / (2n * n), total.currency);
}

/** Monday (UTC) of the ISO week holding `day` ('YYYY-MM-DD'). */
function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const offset = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - offset);
  return date.toISOString().slice(0, 10);
}

export async function salesReport(ctx: OrderContext, query: SalesQuery): Promise<SalesReport> {
  if (query.from >= query.to) throw orderErrors.invalidRange();
  const currency = ctx.rules.shippingFee.currency;
  const orders = ctx.repos.orders.collection;
  const inRange = { createdAt: { $gte: query.from, $lt: query.to } };
  const earning = { ...inRange, status: { $in: [...REVENUE_STATUSES] }, 'total.currency': currency };

  const [statusRows, totalRows, dayRows, productRows, costCenterRows] = await Promise.all([
    orders.aggregate([{ $match: inRange }, { $group: { _id: '$status', count: { $sum: 1 } } }]).toArray(),
    orders
      .aggregate([
        { $match: earning },
        { $group: { _id: null, revenue: { $sum: '$total.amount' }, orders: { $sum: 1 } } },
      ])
      .toArray(),
    orders
      .aggregate([
        { $match: earning },
        {
          $group: {
            _id: { $dateToString: { format: '%Y-%m-%d', date: '$createdAt' } },
            revenue: { $sum: '$total.amount' },
            orders: { $sum: 1 },
          },
        },
        { $sort: { _id: 1 } },
      ])
      .toArray(),
    orders
      .aggregate([
        { $match: earning },
        { $unwind: '$items' },
        {
          $group: {
            _id: '$items.sku',
            name: { $first: '$items.name' },
            quantity: { $sum: '$items.quantity' },
            revenue: { $sum: '$items.lineTotal.amount' },
          },
        },
        { $sort: { revenue: -1, _id: 1 } },
        { $limit: 10 },
      ])
      .toArray(),
    orders
      .aggregate([
        { $match: earning },
        {
          $group: {
            _id: { companyId: '$companyId', costCenter: '$costCenter' },
            revenue: { $sum: '$total.amount' },
            orders: { $sum: 1 },
          },
        },
        { $sort: { revenue: -1, '_id.companyId': 1, '_id.costCenter': 1 } },
        { $limit: TOP_COST_CENTERS },
      ])
      .toArray(),
  ]);

  const byStatus: Record<string, number> = {};
  for (const row of statusRows) byStatus[String(row._id)] = Number(row.count);
  const revenue = amountOf(totalRows[0]?.revenue, currency);
  const count = Number(totalRows[0]?.orders ?? 0);

  const buckets = new Map<string, { revenue: Money; orders: number }>();
  for (const row of dayRows) {
    const key = query.interval === 'week' ? weekOf(String(row._id)) : String(row._id);
    const bucket = buckets.get(key) ?? { revenue: zero(currency), orders: 0 };
    buckets.set(key, {
      revenue: add(bucket.revenue, amountOf(row.revenue, currency)),
      orders: bucket.orders + Number(row.orders),
    });
  }
  return {
    revenue,
    orders: count,
    averageOrderValue: divide(revenue, count),
    byStatus,
    series: [...buckets.entries()].map(([date, b]) => ({ date, ...b })),
    topProducts: productRows.map((row) => ({
      sku: String(row._id),
      name: String(row.name),
      quantity: Number(row.quantity),
      revenue: amountOf(row.revenue, currency),
    })),
    byCostCenter: costCenterRows.map((row) => {
      const key = row._id as { companyId: string; costCenter?: string | null };
      return {
        companyId: String(key.companyId),
        costCenter: key.costCenter ?? null,
        revenue: amountOf(row.revenue, currency),
        orders: Number(row.orders),
      };
    }),
  };
}

export interface CompanySummary {
  companyId: string;
  total: Money;
  orders: number;
  byCostCenter: { costCenter: string | null; total: Money; orders: number }[];
}

/** A company admin's view: the company's secured orders in total and per cost center. */
export async function companySummary(
  ctx: OrderContext,
  caller: Caller,
  range: { from?: Date; to?: Date },
): Promise<CompanySummary> {
  const currency = ctx.rules.shippingFee.currency;
  const match: Record<string, unknown> = {
    companyId: caller.companyId,
    status: { $in: [...REVENUE_STATUSES] },
    'total.currency': currency,
  };
  if (range.from || range.to) {
    match['createdAt'] = {
      ...(range.from ? { $gte: range.from } : {}),
      ...(range.to ? { $lt: range.to } : {}),
    };
  }
  const rows = await ctx.repos.orders.collection
    .aggregate([
      { $match: match },
      { $group: { _id: '$costCenter', total: { $sum: '$total.amount' }, orders: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ])
    .toArray();
  let total = zero(currency);
  let orders = 0;
  const byCostCenter = rows.map((row) => {
    const amount = amountOf(row.total, currency);
    total = add(total, amount);
    orders += Number(row.orders);
    return { costCenter: (row._id as string | null) ?? null, total: amount, orders: Number(row.orders) };
  });
  return { companyId: caller.companyId, total, orders, byCostCenter };
}
