import { ensureEventConsumerIndexes } from '@b2b/shared/events';
import type { CollectionFeed } from '@b2b/shared/feeds';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { CatalogContext } from '../domain/context.ts';
import { expireReservations } from '../domain/reservations.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The product service's use-case context (repositories, image store, clock, outbox). */
    catalog: CatalogContext;
  }
}

/**
 * Application plugin: indexes at start-up, the context as a decorator, the database readiness
 * check, and the job releasing reservations that were never confirmed. Wrapped with
 * fastify-plugin so the decorator escapes encapsulation.
 */
export const catalogPlugin = fp(
  async (
    app: FastifyInstance,
    opts: { ctx: CatalogContext; feeds: CollectionFeed<unknown>[]; expiryIntervalMs?: number },
  ) => {
    const { ctx } = opts;
    await Promise.all(Object.values(ctx.repos).map((repo) => repo.ensureIndexes()));
    await Promise.all(opts.feeds.map((feed) => feed.ensureIndex()));
    // The consumers' handled-event ids (idempotency) and the outbox live in this database too.
    await ensureEventConsumerIndexes(ctx.repos.products.collection.db);
    app.decorate('catalog', ctx);
    app.readiness.register('database', async () => {
      await ctx.repos.products.collection.db.command({ ping: 1 });
    });
    if (opts.expiryIntervalMs && opts.expiryIntervalMs > 0) {
      const timer = setInterval(() => {
        expireReservations(ctx).catch((err) => app.log.warn({ err }, 'reservation expiry failed'));
      }, opts.expiryIntervalMs);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
  },
  { name: 'product-catalog' },
);
