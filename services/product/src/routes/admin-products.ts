import { requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogContext } from '../domain/context.ts';
import { archiveProduct, createProduct, priced, updateProduct } from '../domain/products.ts';
import { viewerOf } from '../domain/viewer.ts';
import { IdParams, problemResponses } from '../schemas/common.ts';
import { Product, ProductCreate, ProductPatch } from '../schemas/products.ts';
import { productView } from './views.ts';

/** /admin/products: platform staff only, checked once for the folder. */
export const adminProductRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a product (draft unless status is active)',
        security,
        body: ProductCreate,
        response: { 201: Product, ...problemResponses },
      },
    },
    async (request, reply) => {
      const product = await createProduct(ctx, request.body);
      const [view] = await priced(ctx, viewerOf(request.auth), [product]);
      return reply.code(201).send(productView(view!));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a product (every change bumps its version)',
        security,
        params: IdParams,
        body: ProductPatch,
        response: { 200: Product, ...problemResponses },
      },
    },
    async (request) => {
      const product = await updateProduct(ctx, request.params.id, request.body);
      const [view] = await priced(ctx, viewerOf(request.auth), [product]);
      return productView(view!);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Archive a product (invisible to buyers; kept for order history)',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await archiveProduct(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
