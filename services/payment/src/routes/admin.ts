import { authenticatedUser, requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PaymentContext } from '../domain/context.ts';
import { markInvoicePaid } from '../domain/invoices.ts';
import { refundIdFromKey, refundPayment } from '../domain/refunds.ts';
import { problemResponses } from '../schemas/common.ts';
import { Invoice, InvoiceParams } from '../schemas/invoices.ts';
import { IdempotencyHeaders, Payment, PaymentParams, RefundBody } from '../schemas/payments.ts';
import { invoiceView, paymentView } from './views.ts';

/** /admin: platform staff only. */
export const adminRoutes: FastifyPluginAsyncTypebox<{ ctx: PaymentContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];

  app.post(
    '/invoices/:id/mark-paid',
    {
      schema: {
        tags: ['invoices'],
        summary: "Record an invoice as paid; the company's used credit is released",
        security,
        params: InvoiceParams,
        response: { 200: Invoice, ...problemResponses },
      },
    },
    async (request) => invoiceView(await markInvoicePaid(ctx, request.params.id)),
  );

  app.post(
    '/payments/:id/refund',
    {
      // Replays the first answer to a retried request; the key also names the refund (below), so
      // even two concurrent requests with one key make one refund.
      config: { idempotency: 'required' },
      schema: {
        tags: ['payments'],
        summary: 'Refund part or all of a captured card payment (never more than captured − refunded)',
        security,
        params: PaymentParams,
        body: RefundBody,
        headers: IdempotencyHeaders,
        response: { 200: Payment, ...problemResponses },
      },
    },
    async (request) =>
      paymentView(
        await refundPayment(ctx, {
          paymentId: request.params.id,
          amount: request.body.amount,
          reason: request.body.reason,
          requestedBy: authenticatedUser(request).id,
          refundId: refundIdFromKey(authenticatedUser(request).id, request.headers['idempotency-key']),
        }),
      ),
  );
};
