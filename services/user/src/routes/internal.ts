import { serviceCallersOnly } from '@b2b/shared/internal';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityContext } from '../domain/context.ts';
import { getProfile } from '../domain/profiles.ts';
import { problemResponses } from '../schemas/common.ts';
import { RevocationFeed, RevocationFeedQuery, userInternalApi } from '../schemas/internal.ts';
import { internalUserView } from './views.ts';

/**
 * /internal/*: for other services only; the gateway never forwards it. The revocation feed is the
 * "fact every task must know" of events.md: the gateway's and services' tasks poll it every second
 * or two with the cursor they got last time.
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{
  ctx: IdentityContext;
  /** The platform service credential; without it every internal call is refused. */
  serviceCredential: string | undefined;
}> = async (app, { ctx, serviceCredential }) => {
  // Inside the VPC every task reaches every port: only platform services get past this.
  await app.register(serviceCallersOnly, { credential: serviceCredential });

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

  const getUser = userInternalApi.getUser;
  app.get(
    '/users/:id',
    {
      schema: {
        tags: ['internal'],
        summary: 'A user as other services need them (notification: address, locale, company)',
        params: getUser.params,
        response: { 200: getUser.response, ...problemResponses },
      },
    },
    async (request) => internalUserView(await getProfile(ctx, request.params.id)),
  );
};
