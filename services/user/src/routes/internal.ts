import { RevocationEntry } from '@b2b/shared/auth';
import { feedRoute } from '@b2b/shared/feeds';
import { serviceCallersOnly } from '@b2b/shared/internal';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityContext } from '../domain/context.ts';
import { getProfile } from '../domain/profiles.ts';
import { activeCompanyMembersInRole, activePlatformUsersInRole } from '../domain/recipients.ts';
import { problemResponses } from '../schemas/common.ts';
import { userInternalApi } from '../schemas/internal.ts';
import { internalUserView } from './views.ts';

/**
 * /internal/*: for other services only; the gateway never forwards it. The revocation feed
 * (`GET /internal/feeds/revocations?after=<watermark>`) is the "fact every task must know" of
 * events.md: the gateway's and services' tasks poll it every second or two.
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{
  ctx: IdentityContext;
  /** The platform service credential; without it every internal call is refused. */
  serviceCredential: string | undefined;
}> = async (app, { ctx, serviceCredential }) => {
  // Inside the VPC every task reaches every port: only platform services get past this.
  await app.register(serviceCallersOnly, { credential: serviceCredential });

  await app.register(feedRoute(ctx.repos.revocations.feed, RevocationEntry));

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

  const listMembers = userInternalApi.listCompanyMembers;
  app.get(
    '/companies/:id/members',
    {
      schema: {
        tags: ['internal'],
        summary: "A company's active members in one role (notification: approvers, company admins)",
        params: listMembers.params,
        querystring: listMembers.querystring,
        response: { 200: listMembers.response, ...problemResponses },
      },
    },
    async (request) => ({
      items: (await activeCompanyMembersInRole(ctx, request.params.id, request.query.role)).map(
        internalUserView,
      ),
    }),
  );

  const listStaff = userInternalApi.listPlatformUsers;
  app.get(
    '/users',
    {
      schema: {
        tags: ['internal'],
        summary: 'Active platform staff with one role (notification: platform admins)',
        querystring: listStaff.querystring,
        response: { 200: listStaff.response, ...problemResponses },
      },
    },
    async (request) => ({
      items: (await activePlatformUsersInRole(ctx, request.query.role)).map(internalUserView),
    }),
  );
};
