import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../domain/context.ts';
import { getProduct, listProducts } from '../domain/products.ts';
import { viewerOf } from '../domain/viewer.ts';
import { NoQuery, problemResponses } from '../schemas/common.ts';
import { IdOrSkuParams, Product, ProductListQuery, ProductPage } from '../schemas/products.ts';
import type { CatalogAnswers } from './catalog-answers.ts';
import { productView } from './views.ts';

/**
 * /products: anyone. A bearer token is optional; with one, prices are the caller's company's
 * (companyId from the verified token), and admins also see drafts and archived products.
 * Buyers' and anonymous answers come from `answers` for up to a couple of seconds (catalog-answers.ts).
 */
export const productRoutes: FastifyPluginAsyncTypebox<{
  ctx: CatalogContext;
  answers: CatalogAnswers;
}> = async (app, { ctx, answers }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'List products (q matches name, sku, brand; category includes sub-categories; page by ?cursor=nextCursor) or batch-read ?ids=',
        querystring: ProductListQuery,
        response: { 200: ProductPage(Product), ...problemResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request.auth);
      return answers.answer(request, reply, viewer, async () => {
        const page = await listProducts(ctx, viewer, request.query);
        return { ...page, items: page.items.map(productView) };
      });
    },
  );

  app.get(
    '/:idOrSku',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One product by id or sku',
        params: IdOrSkuParams,
        querystring: NoQuery,
        response: { 200: Product, ...problemResponses },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request.auth);
      return answers.answer(request, reply, viewer, async () =>
        productView(await getProduct(ctx, viewer, request.params.idOrSku)),
      );
    },
  );
};
