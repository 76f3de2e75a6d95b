import type { OrderContext } from '../domain/context.ts';
import { cancelStalePendingOrders } from '../domain/order-lifecycle.ts';

export interface StaleOrderJob {
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, cancels orders whose saga did not finish before their deadline (and so
 * compensates through order.cancelled). Several tasks may run it: each cancellation is a
 * conditional update, so an order is cancelled once.
 */
export function startStaleOrderJob(ctx: OrderContext, intervalMs: number): StaleOrderJob {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => cancelStalePendingOrders(ctx))
      .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'stale-order sweep failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
