import { type CollectionFeed, feedRoute } from '@b2b/shared/feeds';
import { serviceCallersOnly } from '@b2b/shared/internal';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../domain/context.ts';
import { quotePrices } from '../domain/quotes.ts';
import { problemResponses } from '../schemas/common.ts';
import { productInternalApi, StockFeedEntry } from '../schemas/internal.ts';

/**
 * /internal/*: for other services only; the gateway never forwards it, and callers must present
 * the platform service credential (inside the VPC every task reaches every port).
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{
  ctx: CatalogContext;
  stockFeed: CollectionFeed<StockFeedEntry>;
  serviceCredential: string | undefined;
}> = async (app, { ctx, stockFeed, serviceCredential }) => {
  await app.register(serviceCallersOnly, { credential: serviceCredential });
  // GET /internal/feeds/stock
  await app.register(feedRoute(stockFeed, StockFeedEntry));
  const quote = productInternalApi.quotePrices;
  app.post(
    '/prices',
    {
      // A quote reads: it keeps the cached catalog answers.
      config: { readsOnly: true },
      schema: {
        tags: ['internal'],
        summary: "A company's prices for order lines: unit price, line total, quantity rules, availability",
        body: quote.body,
        response: { 200: quote.response, ...problemResponses },
      },
    },
    async (request) => quotePrices(ctx, request.body.companyId ?? null, request.body.lines),
  );
};
