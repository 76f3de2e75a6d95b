import { addCartItemsInBulk } from './cart.ts';
import type { Caller, OrderContext } from './context.ts';
import { orderErrors } from './errors.ts';
import type { OrderDoc, OrderStatus } from './model.ts';
import { companyOrder } from './order-lifecycle.ts';

/** Buyers see their own orders; approvers and company admins the whole company's. */
export function listCompanyOrders(
  ctx: OrderContext,
  caller: Caller,
  query: { status?: OrderStatus; page: number; limit: number },
): Promise<{ items: OrderDoc[]; total: number }> {
  return ctx.repos.orders.list({
    companyId: caller.companyId,
    ...(caller.companyRole === 'buyer' ? { userId: caller.userId } : {}),
    ...query,
  });
}

export function listAllOrders(
  ctx: OrderContext,
  query: { status?: OrderStatus; companyId?: string; from?: Date; to?: Date; page: number; limit: number },
): Promise<{ items: OrderDoc[]; total: number }> {
  return ctx.repos.orders.list(query);
}

export async function getOrderForAdmin(ctx: OrderContext, id: string): Promise<OrderDoc> {
  const order = await ctx.repos.orders.findById(id);
  if (!order) throw orderErrors.orderNotFound();
  return order;
}

/** Copies an order's lines into the caller's cart at today's prices (quantity rules apply). */
export async function reorder(ctx: OrderContext, caller: Caller, orderId: string) {
  const order = await companyOrder(ctx, caller, orderId);
  return addCartItemsInBulk(
    ctx,
    caller,
    order.items.map((item) => ({ line: null, sku: item.sku, quantity: item.quantity })),
  );
}
