import { requireCompanyRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { companySummary } from '../domain/analytics.ts';
import { placeOrder } from '../domain/checkout.ts';
import type { OrderContext } from '../domain/context.ts';
import { cancelOrder, companyOrder, decideOnOrder } from '../domain/order-lifecycle.ts';
import { listCompanyOrders, reorder } from '../domain/order-queries.ts';
import { BulkResult } from '../schemas/cart.ts';
import { IdParams, Page, problemResponses } from '../schemas/common.ts';
import {
  CheckoutBody,
  CompanySummary,
  DecisionBody,
  IdempotencyHeaders,
  Order,
  OrderListQuery,
  SummaryQuery,
} from '../schemas/orders.ts';
import { callerOf } from './caller.ts';
import { companySummaryView, orderView } from './views.ts';

/** /orders: the caller's company's orders; buyers see their own only. */
export const orderRoutes: FastifyPluginAsyncTypebox<{ ctx: OrderContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireCompanyRole('company_admin', 'approver', 'buyer'));
  const security = [{ bearerAuth: [] }];
  const tags = ['orders'];
  const approvers = requireCompanyRole('company_admin', 'approver');

  app.post(
    '/',
    {
      // The platform's Idempotency-Key plugin: same key + same body replays, other body → 409.
      config: { idempotency: true },
      schema: {
        tags,
        summary:
          'Checkout: the cart becomes an order (pending, or awaiting_approval over the spending limit)',
        security,
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 201: Order, ...problemResponses },
      },
    },
    async (request, reply) => {
      const order = await placeOrder(ctx, callerOf(request), request.body);
      return reply.code(201).send(orderView(order));
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: "Orders: a buyer's own, or the company's for approvers and company admins",
        security,
        querystring: OrderListQuery,
        response: { 200: Page(Order), ...problemResponses },
      },
    },
    async (request) => {
      const { items, total } = await listCompanyOrders(ctx, callerOf(request), request.query);
      return { items: items.map(orderView), total, page: request.query.page, limit: request.query.limit };
    },
  );

  app.get(
    '/summary',
    {
      onRequest: requireCompanyRole('company_admin'),
      schema: {
        tags,
        summary: "The company's confirmed orders in total and per cost center",
        security,
        querystring: SummaryQuery,
        response: { 200: CompanySummary, ...problemResponses },
      },
    },
    async (request) =>
      companySummaryView(
        await companySummary(ctx, callerOf(request), {
          ...(request.query.from ? { from: new Date(request.query.from) } : {}),
          ...(request.query.to ? { to: new Date(request.query.to) } : {}),
        }),
      ),
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One order',
        security,
        params: IdParams,
        response: { 200: Order, ...problemResponses },
      },
    },
    async (request) => orderView(await companyOrder(ctx, callerOf(request), request.params.id)),
  );

  for (const [action, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    app.post(
      `/:id/${action}`,
      {
        onRequest: approvers,
        schema: {
          tags,
          summary: `${action === 'approve' ? 'Approve' : 'Reject'} an order awaiting approval (not your own)`,
          security,
          params: IdParams,
          body: DecisionBody,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request) =>
        orderView(
          await decideOnOrder(
            ctx,
            callerOf(request),
            request.params.id,
            decision,
            request.body?.reason ?? null,
          ),
        ),
    );
  }

  app.post(
    '/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel before shipping (the buyer, or a company admin); stock released, payment voided',
        security,
        params: IdParams,
        response: { 200: Order, ...problemResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return orderView(
        await cancelOrder(
          ctx,
          { userId: caller.userId, companyId: caller.companyId, role: caller.companyRole },
          request.params.id,
        ),
      );
    },
  );

  app.post(
    '/:id/reorder',
    {
      schema: {
        tags,
        summary: "Copy an order's lines into my cart at today's prices",
        security,
        params: IdParams,
        response: { 200: BulkResult, ...problemResponses },
      },
    },
    async (request) => reorder(ctx, callerOf(request), request.params.id),
  );
};
