import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityContext } from '../domain/context.ts';
import { problemResponses } from '../schemas/common.ts';
import { RevocationFeed, RevocationFeedQuery } from '../schemas/internal.ts';

/**
 * /internal/*: for other services only; the gateway never forwards it. The revocation feed is the
 * "fact every task must know" of events.md: the gateway's and services' tasks poll it every second
 * or two with the cursor they got last time.
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{ ctx: IdentityContext }> = async (app, { ctx }) => {
  app.get(
    '/revocations',
    {
      // Polled every second or two by every gateway and service task: keep it out of info logs.
      logLevel: 'warn',
      schema: {
        tags: ['internal'],
        summary: 'Revoked access tokens and per-user "not before" markers since a cursor',
        querystring: RevocationFeedQuery,
        response: { 200: RevocationFeed, ...problemResponses },
      },
    },
    async (request, reply) => {
      const since = request.query.since === undefined ? undefined : Number(request.query.since);
      return reply
        .header('cache-control', 'no-store')
        .send(await ctx.repos.revocations.feed(since, ctx.now()));
    },
  );
};
