import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../domain/context.ts';
import { quotePrices } from '../domain/quotes.ts';
import { problemResponses } from '../schemas/common.ts';
import { PriceQuote, PriceQuoteRequest } from '../schemas/internal.ts';

/**
 * /internal/*: for other services only; the gateway never forwards it.
 * TODO(kit-internal): the service-credential check for /internal/* once the kit lands.
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (app, { ctx }) => {
  app.post(
    '/prices',
    {
      schema: {
        tags: ['internal'],
        summary: "A company's prices for order lines: unit price, line total, quantity rules, availability",
        body: PriceQuoteRequest,
        response: { 200: PriceQuote, ...problemResponses },
      },
    },
    async (request) => quotePrices(ctx, request.body.companyId ?? null, request.body.lines),
  );
};
