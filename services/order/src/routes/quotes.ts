import { authenticatedUser, requireCompanyRole } from '@b2b/shared/auth';
import { errors } from '@b2b/shared/errors';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { OrderContext } from '../domain/context.ts';
import { quoteForAdmin } from '../domain/quote-offers.ts';
import {
  acceptQuote,
  companyQuote,
  declineQuote,
  listCompanyQuotes,
  postQuoteMessage,
  requestQuote,
} from '../domain/quotes.ts';
import { IdParams, Page, problemResponses } from '../schemas/common.ts';
import { IdempotencyHeaders } from '../schemas/orders.ts';
import {
  AcceptBody,
  DeclineBody,
  MessageBody,
  Quote,
  QuoteListQuery,
  QuoteRequestBody,
} from '../schemas/quotes.ts';
import { callerOf } from './caller.ts';
import { quoteView } from './quote-view.ts';

/** A company member, or (for the thread) the supplier's staff: everyone else is refused. */
async function memberOrStaff(request: FastifyRequest): Promise<void> {
  const user = authenticatedUser(request);
  if (!user.companyRole && !user.roles.includes('admin')) {
    throw errors.forbidden('This needs a company role or the platform admin role', 'COMPANY_ROLE_REQUIRED');
  }
}

/** /quotes: requests for quote of the caller's company (buyers their own); the thread for staff too. */
export const quoteRoutes: FastifyPluginAsyncTypebox<{ ctx: OrderContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', memberOrStaff);
  const members = requireCompanyRole('company_admin', 'approver', 'buyer');
  const security = [{ bearerAuth: [] }];
  const tags = ['quotes'];

  app.post(
    '/',
    {
      onRequest: members,
      schema: {
        tags,
        summary: 'Request a quote for lines (with target prices) or for the whole cart (fromCart)',
        security,
        body: QuoteRequestBody,
        response: { 201: Quote, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(quoteView(await requestQuote(ctx, callerOf(request), request.body))),
  );

  app.get(
    '/',
    {
      onRequest: members,
      schema: {
        tags,
        summary: "Quotes: a buyer's own, or the company's for approvers and company admins",
        security,
        querystring: QuoteListQuery,
        response: { 200: Page(Quote), ...problemResponses },
      },
    },
    async (request) => {
      const page = await listCompanyQuotes(ctx, callerOf(request), request.query);
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
      onRequest: members,
      schema: {
        tags,
        summary: 'One quote',
        security,
        params: IdParams,
        response: { 200: Quote, ...problemResponses },
      },
    },
    async (request) => quoteView(await companyQuote(ctx, callerOf(request), request.params.id)),
  );

  app.post(
    '/:id/messages',
    {
      schema: {
        tags,
        summary: 'Write in the negotiation thread (the company side, or the supplier staff)',
        security,
        params: IdParams,
        body: MessageBody,
        response: { 201: Quote, ...problemResponses },
      },
    },
    async (request, reply) => {
      const user = authenticatedUser(request);
      const staff = !user.companyRole;
      const quote = staff
        ? await quoteForAdmin(ctx, request.params.id)
        : await companyQuote(ctx, callerOf(request), request.params.id);
      const updated = await postQuoteMessage(
        ctx,
        { userId: user.id, side: staff ? 'supplier' : 'buyer' },
        quote,
        request.body.text,
      );
      return reply.code(201).send(quoteView(updated));
    },
  );

  app.post(
    '/:id/accept',
    {
      onRequest: members,
      // Accepting places an order: the platform's Idempotency-Key plugin, as for checkout.
      config: { idempotency: true },
      schema: {
        tags,
        summary: 'Accept the offer (the requester or a company admin): an order at the offered prices',
        security,
        headers: IdempotencyHeaders,
        params: IdParams,
        body: AcceptBody,
        response: { 200: Quote, ...problemResponses },
      },
    },
    async (request) => {
      const { quote } = await acceptQuote(ctx, callerOf(request), request.params.id, request.body);
      return quoteView(quote);
    },
  );

  app.post(
    '/:id/decline',
    {
      onRequest: members,
      schema: {
        tags,
        summary: 'Decline (the requester or a company admin)',
        security,
        params: IdParams,
        body: DeclineBody,
        response: { 200: Quote, ...problemResponses },
      },
    },
    async (request) =>
      quoteView(await declineQuote(ctx, callerOf(request), request.params.id, request.body?.reason ?? null)),
  );
};
