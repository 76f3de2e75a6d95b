import { authenticatedUser, requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { salesReport } from '../domain/analytics.ts';
import type { OrderContext } from '../domain/context.ts';
import { cancelOrder, deliverOrder, shipOrder } from '../domain/order-lifecycle.ts';
import { getOrderForAdmin, listAllOrders } from '../domain/order-queries.ts';
import { IdParams, Page, problemResponses } from '../schemas/common.ts';
import { AdminOrderQuery, Order, SalesQuery, SalesReport, ShipBody } from '../schemas/orders.ts';
import { orderView, salesReportView } from './views.ts';

/** /admin: platform staff only. */
export const adminRoutes: FastifyPluginAsyncTypebox<{ ctx: OrderContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];
  const tags = ['admin'];

  app.get(
    '/orders',
    {
      schema: {
        tags,
        summary: 'All orders, newest first',
        security,
        querystring: AdminOrderQuery,
        response: { 200: Page(Order), ...problemResponses },
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query;
      const { items, total } = await listAllOrders(ctx, {
        ...rest,
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      });
      return { items: items.map(orderView), total, page: rest.page, limit: rest.limit };
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        tags,
        summary: 'One order',
        security,
        params: IdParams,
        response: { 200: Order, ...problemResponses },
      },
    },
    async (request) => orderView(await getOrderForAdmin(ctx, request.params.id)),
  );

  app.post(
    '/orders/:id/ship',
    {
      schema: {
        tags,
        summary: 'Ship a confirmed order (the payment is captured)',
        security,
        params: IdParams,
        body: ShipBody,
        response: { 200: Order, ...problemResponses },
      },
    },
    async (request) =>
      orderView(await shipOrder(ctx, authenticatedUser(request).id, request.params.id, request.body)),
  );

  app.post(
    '/orders/:id/deliver',
    {
      schema: {
        tags,
        summary: 'Mark a shipped order delivered',
        security,
        params: IdParams,
        response: { 200: Order, ...problemResponses },
      },
    },
    async (request) => orderView(await deliverOrder(ctx, authenticatedUser(request).id, request.params.id)),
  );

  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an order before shipping (cancelled_by_admin)',
        security,
        params: IdParams,
        response: { 200: Order, ...problemResponses },
      },
    },
    async (request) =>
      orderView(
        await cancelOrder(
          ctx,
          { userId: authenticatedUser(request).id, companyId: null, role: 'admin' },
          request.params.id,
        ),
      ),
  );

  app.get(
    '/analytics/sales',
    {
      schema: {
        tags,
        summary: 'Revenue, orders, average order value, statuses, a day or week series and top products',
        security,
        querystring: SalesQuery,
        response: { 200: SalesReport, ...problemResponses },
      },
    },
    async (request) =>
      salesReportView(
        await salesReport(ctx, {
          from: new Date(request.query.from),
          to: new Date(request.query.to),
          interval: request.query.interval,
        }),
      ),
  );
};
