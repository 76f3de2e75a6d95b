import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PaymentContext } from '../domain/context.ts';
import { getInvoice, listInvoices } from '../domain/invoices.ts';
import { readerOf, requireInvoiceReader } from '../http/readers.ts';
import { Page, problemResponses } from '../schemas/common.ts';
import { Invoice, InvoiceListQuery, InvoiceParams } from '../schemas/invoices.ts';
import { invoiceView } from './views.ts';

/** /invoices: company_admins read their company's, platform admins everyone's; others 403. */
export const invoiceRoutes: FastifyPluginAsyncTypebox<{ ctx: PaymentContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireInvoiceReader);
  const security = [{ bearerAuth: [] }];

  app.get(
    '/',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Net-terms invoices, newest last',
        security,
        querystring: InvoiceListQuery,
        response: { 200: Page(Invoice), ...problemResponses },
      },
    },
    async (request) => {
      const { page, limit, status } = request.query;
      const result = await listInvoices(ctx, readerOf(request), {
        page,
        limit,
        ...(status ? { status } : {}),
      });
      return mapPage(result, invoiceView);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['invoices'],
        summary: 'One invoice',
        security,
        params: InvoiceParams,
        response: { 200: Invoice, ...problemResponses },
      },
    },
    async (request) => invoiceView(await getInvoice(ctx, readerOf(request), request.params.id)),
  );
};
