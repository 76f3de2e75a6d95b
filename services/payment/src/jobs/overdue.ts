import type { PaymentContext } from '../domain/context.ts';
import { markOverdueInvoices } from '../domain/invoices.ts';

export interface OverdueJob {
  /** One pass now (tests, and the first pass at start-up). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Marks open invoices past due every `intervalMs`. Idempotent (conditional updates), so every
 * task may run it; a pass never overlaps the previous one in the same task.
 */
export function startOverdueJob(ctx: PaymentContext, intervalMs: number): OverdueJob {
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= markOverdueInvoices(ctx).finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch((err: unknown) =>
      ctx.log.warn({ err: (err as Error).message }, 'overdue pass failed; next pass retries'),
    );
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
