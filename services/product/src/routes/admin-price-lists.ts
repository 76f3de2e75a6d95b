import { requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogContext } from '../domain/context.ts';
import { createPriceList, deletePriceList, getPriceList, updatePriceList } from '../domain/price-lists.ts';
import { IdParams, NoQuery, Page, problemResponses } from '../schemas/common.ts';
import {
  PriceList,
  PriceListCreate,
  PriceListPatch,
  PriceListQuery,
  PriceListSummary,
} from '../schemas/price-lists.ts';
import { priceListSummaryView, priceListView } from './views.ts';

/** /admin/price-lists: platform staff only. Assigned to companies by the user service. */
export const adminPriceListRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];

  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        summary: 'Price lists (without their entries)',
        security,
        querystring: PriceListQuery,
        response: { 200: Page(PriceListSummary), ...problemResponses },
      },
    },
    async (request) => {
      const { items, total } = await ctx.repos.priceLists.page(request.query);
      return {
        items: items.map(priceListSummaryView),
        total,
        page: request.query.page,
        limit: request.query.limit,
      };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'One price list with its entries',
        security,
        params: IdParams,
        querystring: NoQuery,
        response: { 200: PriceList, ...problemResponses },
      },
    },
    async (request) => {
      const { list, entries } = await getPriceList(ctx, request.params.id);
      return priceListView(list, entries);
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a price list',
        security,
        body: PriceListCreate,
        response: { 201: PriceList, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { list, entries } = await createPriceList(ctx, request.body);
      return reply.code(201).send(priceListView(list, entries));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename or replace the entries of a price list',
        security,
        params: IdParams,
        body: PriceListPatch,
        response: { 200: PriceList, ...problemResponses },
      },
    },
    async (request) => {
      const { list, entries } = await updatePriceList(ctx, request.params.id, request.body);
      return priceListView(list, entries);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Delete a price list no company buys at (409 otherwise)',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deletePriceList(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
