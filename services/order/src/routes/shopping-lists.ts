import { requireCompanyRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OrderContext } from '../domain/context.ts';
import {
  addListItem,
  addListToCart,
  createShoppingList,
  deleteShoppingList,
  getShoppingList,
  listShoppingLists,
  removeListItem,
  type ShoppingListDoc,
  updateListItem,
  updateShoppingList,
} from '../domain/shopping-lists.ts';
import { BulkResult } from '../schemas/cart.ts';
import { Page, problemResponses } from '../schemas/common.ts';
import {
  AddListToCartBody,
  ListLineBody,
  ListLinePatch,
  NewShoppingList,
  ShoppingList,
  ShoppingListItemParams,
  ShoppingListParams,
  ShoppingListPatch,
  ShoppingListQuery,
} from '../schemas/shopping-lists.ts';
import { callerOf } from './caller.ts';

function listView(list: ShoppingListDoc) {
  return {
    id: list._id,
    name: list.name,
    shared: list.shared,
    ownerId: list.ownerId,
    items: list.items.map((i) => ({ id: i.id, sku: i.sku, quantity: i.quantity, note: i.note })),
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  };
}

/** /shopping-lists: my lists and the company's shared ones. */
export const shoppingListRoutes: FastifyPluginAsyncTypebox<{ ctx: OrderContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireCompanyRole('company_admin', 'approver', 'buyer'));
  const security = [{ bearerAuth: [] }];
  const tags = ['shopping lists'];
  const one = { 200: ShoppingList, ...problemResponses };

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: "My shopping lists and my company's shared ones, recently changed first",
        security,
        querystring: ShoppingListQuery,
        response: { 200: Page(ShoppingList), ...problemResponses },
      },
    },
    async (request) => {
      const page = await listShoppingLists(ctx, callerOf(request), request.query);
      return {
        items: page.items.map(listView),
        total: page.total,
        page: request.query.page,
        limit: request.query.limit,
      };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        summary: 'A new list: empty, with items, from a past order (fromOrderId) or from my cart (fromCart)',
        security,
        body: NewShoppingList,
        response: { 201: ShoppingList, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(listView(await createShoppingList(ctx, callerOf(request), request.body))),
  );

  app.get(
    '/:id',
    { schema: { tags, summary: 'One list', security, params: ShoppingListParams, response: one } },
    async (request) => listView(await getShoppingList(ctx, callerOf(request), request.params.id)),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Rename, or (the owner only) share or unshare',
        security,
        params: ShoppingListParams,
        body: ShoppingListPatch,
        response: one,
      },
    },
    async (request) =>
      listView(await updateShoppingList(ctx, callerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Delete (the owner, or a company admin)',
        security,
        params: ShoppingListParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteShoppingList(ctx, callerOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/items',
    {
      schema: {
        tags,
        summary: 'Add a line (an sku already on the list grows)',
        security,
        params: ShoppingListParams,
        body: ListLineBody,
        response: { 201: ShoppingList, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(listView(await addListItem(ctx, callerOf(request), request.params.id, request.body))),
  );

  app.patch(
    '/:id/items/:itemId',
    {
      schema: {
        tags,
        summary: "Change a line's quantity or note",
        security,
        params: ShoppingListItemParams,
        body: ListLinePatch,
        response: one,
      },
    },
    async (request) =>
      listView(
        await updateListItem(ctx, callerOf(request), request.params.id, request.params.itemId, request.body),
      ),
  );

  app.delete(
    '/:id/items/:itemId',
    {
      schema: { tags, summary: 'Remove a line', security, params: ShoppingListItemParams, response: one },
    },
    async (request) =>
      listView(await removeListItem(ctx, callerOf(request), request.params.id, request.params.itemId)),
  );

  app.post(
    '/:id/add-to-cart',
    {
      schema: {
        tags,
        summary: "The list's lines (or the chosen itemIds) into my cart at today's prices; per-line errors",
        security,
        params: ShoppingListParams,
        body: Type.Optional(AddListToCartBody),
        response: { 200: BulkResult, ...problemResponses },
      },
    },
    async (request) => addListToCart(ctx, callerOf(request), request.params.id, request.body?.itemIds),
  );
};
