import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type SearchContext, searchProducts, suggest } from '../domain/search.ts';
import {
  problemResponses,
  SearchQuerystring,
  SearchResponse,
  SuggestQuerystring,
  SuggestResponse,
} from '../schemas/search.ts';
import { listPricedBody } from './search-body.ts';
import { searchItemView, suggestionView } from './views.ts';

/**
 * /search: open to anyone. A signed-in buyer (the gateway forwards the verified token) gets the
 * company's prices; everyone else list prices.
 */
export const searchRoutes: FastifyPluginAsyncTypebox<{ ctx: SearchContext }> = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text product search with facets, filters and sorts',
        querystring: SearchQuerystring,
        response: { 200: SearchResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const started = performance.now();
      const page = await searchProducts(ctx, request.query, {
        companyId: request.auth?.companyId ?? undefined,
      });
      const body = listPricedBody(page, request.query, Math.round(performance.now() - started));
      // A string is sent as it is (the same bytes the response schema's serializer would write).
      // (The type provider types send() by the schema's object; this is that object serialized.)
      if (body !== undefined) return reply.type('application/json; charset=utf-8').send(body as never);
      return {
        items: page.hits.map(searchItemView),
        total: page.total,
        page: request.query.page,
        limit: request.query.limit,
        facets: page.facets,
        pricesStale: page.pricesStale,
        tookMs: Math.round(performance.now() - started),
      };
    },
  );

  app.get(
    '/suggest',
    {
      schema: {
        tags: ['search'],
        summary: 'Completions of product names, brands and categories (from 2 characters)',
        querystring: SuggestQuerystring,
        response: { 200: SuggestResponse, ...problemResponses },
      },
    },
    async (request) => ({
      suggestions: (await suggest(ctx, request.query.q, request.query.limit)).map(suggestionView),
    }),
  );
};
