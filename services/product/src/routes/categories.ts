import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { categoryTree } from '../domain/categories.ts';
import type { CatalogContext } from '../domain/context.ts';
import { CategoryTree } from '../schemas/categories.ts';
import { NoQuery, problemResponses } from '../schemas/common.ts';
import { categoryTreeView } from './views.ts';

/** /categories: anyone; the whole tree. */
export const categoryRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (app, { ctx }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The category tree',
        querystring: NoQuery,
        response: { 200: CategoryTree, ...problemResponses },
      },
    },
    async () => categoryTreeView(await categoryTree(ctx)),
  );
};
