import { requireCompanyRole } from '@b2b/shared/auth';
import { errors } from '@b2b/shared/errors';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  addCartItem,
  addCartItemsInBulk,
  clearCart,
  getCart,
  removeCartItem,
  updateCartItem,
} from '../domain/cart.ts';
import type { OrderContext } from '../domain/context.ts';
import { parseQuickOrderCsv } from '../domain/quick-order.ts';
import {
  BulkJsonBody,
  BulkResult,
  Cart,
  CartItemBody,
  CartItemParams,
  CartItemPatch,
  MAX_QUICK_ORDER_LINES,
} from '../schemas/cart.ts';
import { problemResponses } from '../schemas/common.ts';
import { callerOf } from './caller.ts';
import { cartView } from './views.ts';

/** A CSV quick order is small: 500 lines of `sku,quantity`. */
const CSV_BODY_LIMIT = 64 * 1024;

/** /cart: the caller's own cart (one per user, within their company). */
export const cartRoutes: FastifyPluginAsyncTypebox<{ ctx: OrderContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireCompanyRole('company_admin', 'approver', 'buyer'));
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  const security = [{ bearerAuth: [] }];
  const tags = ['cart'];

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'My cart, prices re-checked against the catalog (changes in `warnings`)',
        security,
        response: { 200: Cart, ...problemResponses },
      },
    },
    async (request) => cartView(await getCart(ctx, callerOf(request))),
  );

  app.post(
    '/items',
    {
      schema: {
        tags,
        summary: 'Add a product (an sku already in the cart grows); minimum and multiple enforced',
        security,
        body: CartItemBody,
        response: { 201: Cart, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(cartView(await addCartItem(ctx, callerOf(request), request.body))),
  );

  app.post(
    '/items/bulk',
    {
      schema: {
        tags,
        summary: 'Quick order: JSON {items:[{sku, quantity}]} or text/csv `sku,quantity` (≤ 500 lines)',
        security,
        body: Type.Union([BulkJsonBody, Type.String({ maxLength: CSV_BODY_LIMIT })]),
        response: { 200: BulkResult, ...problemResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      if (typeof request.body === 'string') {
        if (!String(request.headers['content-type'] ?? '').startsWith('text/csv')) {
          throw errors.badRequest('Send JSON {items:[...]} or text/csv', 'UNSUPPORTED_QUICK_ORDER');
        }
        const parsed = parseQuickOrderCsv(request.body, MAX_QUICK_ORDER_LINES);
        const result = await addCartItemsInBulk(ctx, caller, parsed.lines);
        return {
          added: result.added,
          errors: [...parsed.errors, ...result.errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
        };
      }
      return addCartItemsInBulk(
        ctx,
        caller,
        request.body.items.map((item, index) => ({ line: index + 1, ...item })),
      );
    },
  );

  app.patch(
    '/items/:itemId',
    {
      schema: {
        tags,
        summary: "Change a line's quantity",
        security,
        params: CartItemParams,
        body: CartItemPatch,
        response: { 200: Cart, ...problemResponses },
      },
    },
    async (request) =>
      cartView(await updateCartItem(ctx, callerOf(request), request.params.itemId, request.body.quantity)),
  );

  app.delete(
    '/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Remove a line',
        security,
        params: CartItemParams,
        response: { 200: Cart, ...problemResponses },
      },
    },
    async (request) => cartView(await removeCartItem(ctx, callerOf(request), request.params.itemId)),
  );

  app.delete(
    '/',
    {
      schema: {
        tags,
        summary: 'Empty the cart',
        security,
        response: { 204: Type.Null({ description: 'Emptied' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await clearCart(ctx, callerOf(request));
      return reply.code(204).send(null);
    },
  );
};
