/**
 * Stock status for the availability facet and filters. Product events carry no stock, and stock
 * moves with every order without a product event, so one task of the service (a lease) re-reads
 * the status of every indexed product from the product service every minute, in batches, and
 * writes the changes into the index state: the index feed carries them to every task.
 * A stopgap with a known cost (one batch read per 100 products per interval): the product service
 * publishing stock as a fact feed would replace it (README, "Availability").
 */
import { randomUUID } from 'node:crypto';
import type { Availability } from '../engine/port.ts';
import type { IndexedProductRepository } from '../repositories/indexed-products.ts';
import type { JobLeaseRepository } from '../repositories/job-leases.ts';

/** The product service's batch read (`GET /products?ids=`) takes at most 100 ids. */
export const STOCK_BATCH_SIZE = 100;
const JOB = 'stock-sync';
const MIN_LEASE_MS = 60_000;

export interface StockSource {
  /** Stock status by product id; products it does not know (archived, deleted) are left out. */
  stock(productIds: string[]): Promise<Map<string, Availability>>;
}

export interface StockSyncContext {
  repos: { indexedProducts: IndexedProductRepository; leases: JobLeaseRepository };
  stock: StockSource;
  now: () => Date;
}

/** One pass over every findable product; returns how many changed. */
export async function syncStock(ctx: StockSyncContext): Promise<number> {
  let changed = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await ctx.repos.indexedProducts.findableAfter(after, STOCK_BATCH_SIZE);
    if (batch.length === 0) return changed;
    const stock = await ctx.stock.stock(batch.map((r) => r._id));
    for (const record of batch) {
      const availability = stock.get(record._id);
      if (availability && availability !== record.availability) {
        if (
          await ctx.repos.indexedProducts.setAvailability(record._id, record.version, availability, ctx.now())
        ) {
          changed++;
        }
      }
    }
    after = batch.at(-1)!._id;
  }
}

export interface StockSync {
  /** Runs one pass now if this task holds (or takes) the lease. */
  runOnce(): Promise<number | 'not-leader'>;
  stop(): void;
}

export function startStockSync(
  ctx: StockSyncContext,
  options: { intervalMs: number; log?: { warn(fields: Record<string, unknown>, message: string): void } },
): StockSync {
  const owner = randomUUID();
  let running = true;
  let timer: NodeJS.Timeout | undefined;

  async function runOnce(): Promise<number | 'not-leader'> {
    const now = ctx.now();
    // Held for two intervals (at least a minute): a slow pass keeps it, a dead holder loses it soon.
    const until = new Date(now.getTime() + Math.max(2 * options.intervalMs, MIN_LEASE_MS));
    if (!(await ctx.repos.leases.tryAcquire(JOB, owner, now, until))) return 'not-leader';
    return syncStock(ctx);
  }

  function schedule(): void {
    if (!running || options.intervalMs <= 0) return;
    timer = setTimeout(async () => {
      try {
        await runOnce();
      } catch (err) {
        options.log?.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'stock sync failed; retrying next interval',
        );
      }
      schedule();
    }, options.intervalMs);
    timer.unref();
  }
  schedule();
  return {
    runOnce,
    stop() {
      running = false;
      clearTimeout(timer);
    },
  };
}
