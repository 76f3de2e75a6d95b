import { requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCategory, deleteCategory, updateCategory } from '../domain/categories.ts';
import type { CatalogContext } from '../domain/context.ts';
import { Category, CategoryCreate, CategoryPatch } from '../schemas/categories.ts';
import { IdParams, problemResponses } from '../schemas/common.ts';
import { categoryView } from './views.ts';

/** /admin/categories: platform staff only. */
export const adminCategoryRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (
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
        summary: 'Create a category (under parentId, or at the root)',
        security,
        body: CategoryCreate,
        response: { 201: Category, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(categoryView(await createCategory(ctx, request.body))),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename or move a category with its subtree (a cycle is a 400)',
        security,
        params: IdParams,
        body: CategoryPatch,
        response: { 200: Category, ...problemResponses },
      },
    },
    async (request) => categoryView(await updateCategory(ctx, request.params.id, request.body)),
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Delete a category without products or children (409 otherwise)',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteCategory(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
