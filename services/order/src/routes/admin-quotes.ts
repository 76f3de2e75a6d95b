import { authenticatedUser, requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OrderContext } from '../domain/context.ts';
import { listAllQuotes, offerQuote, quoteForAdmin } from '../domain/quote-offers.ts';
import { IdParams, Page, problemResponses } from '../schemas/common.ts';
import { AdminQuoteListQuery, OfferBody, Quote } from '../schemas/quotes.ts';
import { quoteView } from './quote-view.ts';

/** /admin/quotes: the supplier's queue of requests for quote and the offer. Platform staff only. */
export const adminQuoteRoutes: FastifyPluginAsyncTypebox<{ ctx: OrderContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];
  const tags = ['admin'];

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'All quotes, newest first (`?status=requested` is the queue to answer)',
        security,
        querystring: AdminQuoteListQuery,
        response: { 200: Page(Quote), ...problemResponses },
      },
    },
    async (request) => {
      const page = await listAllQuotes(ctx, request.query);
      return {
        items: page.items.map(quoteView),
        total: page.total,
        page: request.query.page,
        limit: request.query.limit,
      };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One quote',
        security,
        params: IdParams,
        response: { 200: Quote, ...problemResponses },
      },
    },
    async (request) => quoteView(await quoteForAdmin(ctx, request.params.id)),
  );

  app.post(
    '/:id/offer',
    {
      schema: {
        tags,
        summary: 'Offer prices per line with a validity date (replaces a standing offer) → offered',
        security,
        params: IdParams,
        body: OfferBody,
        response: { 200: Quote, ...problemResponses },
      },
    },
    async (request) =>
      quoteView(await offerQuote(ctx, authenticatedUser(request).id, request.params.id, request.body)),
  );
};
