import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../domain/context.ts';
import { getProduct, listProducts } from '../domain/products.ts';
import { viewerOf } from '../domain/viewer.ts';
import { NoQuery, problemResponses } from '../schemas/common.ts';
import { IdOrSkuParams, Product, ProductListQuery, ProductPage } from '../schemas/products.ts';
import { productView } from './views.ts';

/**
 * /products: anyone. A bearer token is optional; with one, prices are the caller's company's
 * (companyId from the verified token), and admins also see drafts and archived products.
 */
export const productRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (app, { ctx }) => {
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
    async (request) => {
      const page = await listProducts(ctx, viewerOf(request.auth), request.query);
      return { ...page, items: page.items.map(productView) };
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
    async (request) => productView(await getProduct(ctx, viewerOf(request.auth), request.params.idOrSku)),
  );
};
