import type { OrderContext } from '../domain/context.ts';
import { expireStaleOffers } from '../domain/quote-offers.ts';

export interface QuoteExpiryJob {
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, expires offers past their `validUntil` (quote.expired tells both sides).
 * Several tasks may run it: each expiry is a conditional update, so a quote expires once. An
 * acceptance never depends on it: accept checks `validUntil` itself.
 */
export function startQuoteExpiryJob(ctx: OrderContext, intervalMs: number): QuoteExpiryJob {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => expireStaleOffers(ctx))
      .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'quote expiry sweep failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
