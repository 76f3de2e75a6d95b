/**
 * Checkout: the cart, priced afresh by the product service, becomes an order (Idempotency-Key:
 * the platform's plugin on the route). The order, its first event (order.placed, or
 * order.awaiting_approval) and the emptied cart commit in one transaction (order-placement.ts).
 */
import { revisionOf } from '../repositories/carts.ts';
import type { Caller, OrderContext } from './context.ts';
import { orderErrors } from './errors.ts';
import type { OrderDoc } from './model.ts';
import { assertMayOrder, type CheckoutInput, createOrder } from './order-placement.ts';
import { lineProblemMessages, type PricedLine, pricedLine } from './priced-lines.ts';

export type { CheckoutInput };

export async function placeOrder(ctx: OrderContext, caller: Caller, input: CheckoutInput): Promise<OrderDoc> {
  const company = await assertMayOrder(ctx, caller, input);
  const cart = await ctx.repos.carts.find(caller.userId, caller.companyId);
  if (!cart || cart.items.length === 0) throw orderErrors.emptyCart();

  // The order charges exactly what the product service quotes now, not what the cart remembered.
  const quote = await ctx.prices.quote(
    caller.companyId,
    cart.items.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    { fresh: true },
  );
  const problems: { path: string; message: string }[] = [];
  const lines: PricedLine[] = [];
  quote.lines.forEach((quoted, index) => {
    const messages = lineProblemMessages(quoted);
    const priced = pricedLine(quoted);
    if (messages.length > 0 || !priced) {
      problems.push(
        ...messages.map((message) => ({ path: `/items/${index}`, message: `${quoted.sku}: ${message}` })),
      );
    } else {
      lines.push(priced);
    }
  });
  if (problems.length > 0) throw orderErrors.notOrderable(problems);

  return createOrder(ctx, caller, company, input, lines, async (tx) => {
    // Only the cart that was priced: a line added meanwhile, or a second checkout of the same
    // cart racing this one, aborts the transaction (no order, no event) instead of ordering twice.
    const cleared = await ctx.repos.carts.clearIfUnchanged(
      caller.userId,
      caller.companyId,
      revisionOf(cart),
      ctx.now(),
      tx.session,
    );
    if (!cleared) throw orderErrors.cartChangedDuringCheckout();
  });
}
