import { requireAuth } from '@b2b/shared/auth';
import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PaymentContext } from '../domain/context.ts';
import { getPayment, listPayments } from '../domain/payment-queries.ts';
import { readerOf } from '../http/readers.ts';
import { Page, problemResponses } from '../schemas/common.ts';
import { Payment, PaymentListQuery, PaymentParams } from '../schemas/payments.ts';
import { paymentView } from './views.ts';

/** /payments: a member reads their company's payments, a platform admin everyone's. */
export const paymentRoutes: FastifyPluginAsyncTypebox<{ ctx: PaymentContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireAuth);
  const security = [{ bearerAuth: [] }];

  app.get(
    '/',
    {
      schema: {
        tags: ['payments'],
        summary: "Payments of the caller's company (all for admins), optionally of one order",
        security,
        querystring: PaymentListQuery,
        response: { 200: Page(Payment), ...problemResponses },
      },
    },
    async (request) => {
      const { page, limit, orderId } = request.query;
      const result = await listPayments(ctx, readerOf(request), {
        page,
        limit,
        ...(orderId ? { orderId } : {}),
      });
      return mapPage(result, paymentView);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['payments'],
        summary: 'One payment with its transactions',
        security,
        params: PaymentParams,
        response: { 200: Payment, ...problemResponses },
      },
    },
    async (request) => paymentView(await getPayment(ctx, readerOf(request), request.params.id)),
  );
};
