import { requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../domain/context.ts';
import { getInventory, setInventory } from '../domain/inventory.ts';
import { NoQuery, problemResponses } from '../schemas/common.ts';
import { Inventory, InventoryPut, SkuParams } from '../schemas/inventory.ts';
import { inventoryView } from './views.ts';

/** /admin/inventory: platform staff only. */
export const adminInventoryRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];

  app.get(
    '/:sku',
    {
      schema: {
        tags: ['admin'],
        summary: 'Stock of one sku',
        security,
        params: SkuParams,
        querystring: NoQuery,
        response: { 200: Inventory, ...problemResponses },
      },
    },
    async (request) => inventoryView(await getInventory(ctx, request.params.sku)),
  );

  app.put(
    '/:sku',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set on-hand units and the low-stock threshold (below reserved → 409)',
        security,
        params: SkuParams,
        body: InventoryPut,
        response: { 200: Inventory, ...problemResponses },
      },
    },
    async (request) => inventoryView(await setInventory(ctx, request.params.sku, request.body)),
  );
};
