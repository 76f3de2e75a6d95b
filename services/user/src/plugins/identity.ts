import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IdentityContext } from '../domain/context.ts';
import { sweepExpiredLocks } from '../domain/login.ts';

/** How often ended login locks are cleared and logged when nobody retries. */
const LOCK_SWEEP_INTERVAL_MS = 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** The user service's use-case context (repositories, keys, hasher, clock, outbox). */
    identity: IdentityContext;
  }
}

/**
 * Application plugin: indexes at start-up, the context as a decorator for the routes, the database
 * readiness check, and the lock sweeper. Wrapped with fastify-plugin so the decorator escapes
 * encapsulation and every route folder sees it.
 */
export const identityPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: IdentityContext; sweepLocks?: boolean }) => {
    const { ctx } = opts;
    await Promise.all(Object.values(ctx.repos).map((repo) => repo.ensureIndexes()));
    app.decorate('identity', ctx);
    app.readiness.register('database', async () => {
      await ctx.repos.users.collection.db.command({ ping: 1 });
    });

    if (opts.sweepLocks !== false) {
      const timer = setInterval(() => {
        sweepExpiredLocks(ctx).catch((err) => app.log.warn({ err }, 'login lock sweep failed'));
      }, LOCK_SWEEP_INTERVAL_MS);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
  },
  { name: 'user-identity' },
);
