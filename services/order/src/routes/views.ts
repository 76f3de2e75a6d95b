/**
 * Domain values → response bodies. Each view names the fields that leave the service (the card
 * token and the idempotency record never do); the routes' response schemas enforce the same list.
 */
import { storedMoneyToJson } from '@b2b/shared/db';
import { toJson } from '@b2b/shared/money';
import type { Static } from 'typebox';
import type { SalesReport as Report, CompanySummary as Summary } from '../domain/analytics.ts';
import { approvalLevelsOf } from '../domain/approval.ts';
import type { PricedCart } from '../domain/cart.ts';
import type { OrderDoc } from '../domain/model.ts';
import type { Cart } from '../schemas/cart.ts';
import type { CompanySummary, Order, SalesReport } from '../schemas/orders.ts';

export function cartView(cart: PricedCart): Static<typeof Cart> {
  return {
    id: cart.id,
    items: cart.items.map((i) => ({
      id: i.id,
      productId: i.productId,
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPrice: toJson(i.unitPrice),
      lineTotal: toJson(i.lineTotal),
    })),
    subtotal: toJson(cart.totals.subtotal),
    tax: toJson(cart.totals.tax),
    taxRate: cart.totals.taxRate,
    taxNote: cart.totals.taxNote,
    shipping: toJson(cart.totals.shipping),
    total: toJson(cart.totals.total),
    warnings: cart.warnings,
  };
}

export function orderView(order: OrderDoc): Static<typeof Order> {
  const a = order.shippingAddress;
  return {
    id: order._id,
    orderNumber: order.orderNumber,
    companyId: order.companyId,
    userId: order.userId,
    status: order.status,
    items: order.items.map((i) => ({
      sku: i.sku,
      productId: i.productId,
      name: i.name,
      quantity: i.quantity,
      unitPrice: storedMoneyToJson(i.unitPrice),
      lineTotal: storedMoneyToJson(i.lineTotal),
    })),
    subtotal: storedMoneyToJson(order.subtotal),
    tax: storedMoneyToJson(order.tax),
    taxRate: order.taxRate,
    taxNote: order.taxNote,
    shipping: storedMoneyToJson(order.shipping),
    total: storedMoneyToJson(order.total),
    shippingAddress: {
      ...(a.label ? { label: a.label } : {}),
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      postalCode: a.postalCode,
      country: a.country,
    },
    paymentMethod: order.paymentMethod,
    poNumber: order.poNumber,
    costCenter: order.costCenter,
    note: order.note,
    paymentStatus: order.paymentStatus,
    cancellationReason: order.cancellationReason,
    approvalReasons: order.approvalReasons,
    approvalLevels: approvalLevelsView(order),
    approvals: order.approvals.map((r) => ({
      by: r.by,
      role: r.role,
      at: r.at.toISOString(),
      decision: r.decision,
      reason: r.reason,
    })),
    history: order.history.map((h) => ({
      status: h.status,
      at: h.at.toISOString(),
      by: h.by,
      reason: h.reason,
    })),
    shipment: order.shipment
      ? { carrier: order.shipment.carrier, trackingNumber: order.shipment.trackingNumber }
      : null,
    quoteId: order.quoteId ?? null,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** Orders decided before levels existed and held for approval needed one approval. */
function approvalLevelsView(order: OrderDoc) {
  if (order.approvalLevels) return order.approvalLevels.map((l) => ({ roles: [...l.roles] }));
  return order.approvalReasons.length > 0
    ? approvalLevelsOf(order).map((l) => ({ roles: [...l.roles] }))
    : [];
}

export function salesReportView(report: Report): Static<typeof SalesReport> {
  return {
    revenue: toJson(report.revenue),
    orders: report.orders,
    averageOrderValue: toJson(report.averageOrderValue),
    byStatus: report.byStatus,
    series: report.series.map((s) => ({ date: s.date, revenue: toJson(s.revenue), orders: s.orders })),
    topProducts: report.topProducts.map((p) => ({
      sku: p.sku,
      name: p.name,
      quantity: p.quantity,
      revenue: toJson(p.revenue),
    })),
    byCostCenter: report.byCostCenter.map((c) => ({
      companyId: c.companyId,
      costCenter: c.costCenter,
      revenue: toJson(c.revenue),
      orders: c.orders,
    })),
  };
}

export function companySummaryView(summary: Summary): Static<typeof CompanySummary> {
  return {
    companyId: summary.companyId,
    total: toJson(summary.total),
    orders: summary.orders,
    byCostCenter: summary.byCostCenter.map((c) => ({
      costCenter: c.costCenter,
      total: toJson(c.total),
      orders: c.orders,
    })),
  };
}
