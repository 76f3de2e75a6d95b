import { RevocationEntry } from '@b2b/shared/auth';
import { feedRoute } from '@b2b/shared/feeds';
import { serviceCallersOnly } from '@b2b/shared/internal';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityContext } from '../domain/context.ts';
import { identityErrors } from '../domain/errors.ts';
import { getProfile } from '../domain/profiles.ts';
import { activeCompanyMembersInRole, activePlatformUsersInRole } from '../domain/recipients.ts';
import { companySnapshot, memberSnapshot } from '../events/snapshots.ts';
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

  // The snapshots the events carry, for a consumer that has not received the event yet. A user
  // without a company (a platform admin) is no member: 404, as for an unknown id.
  const getMember = userInternalApi.getMemberSnapshot;
  app.get(
    '/members/:id',
    {
      schema: {
        tags: ['internal'],
        summary: "A member's current member.updated snapshot (order: a new buyer's first checkout)",
        params: getMember.params,
        response: { 200: getMember.response, ...problemResponses },
      },
    },
    async (request) => {
      const user = await ctx.repos.users.findById(request.params.id);
      const snapshot = user ? memberSnapshot(user) : undefined;
      if (!snapshot) throw identityErrors.memberNotFound();
      return snapshot;
    },
  );

  const getCompany = userInternalApi.getCompanySnapshot;
  app.get(
    '/companies/:id',
    {
      schema: {
        tags: ['internal'],
        summary: "A company's current company.updated snapshot (order: a new company's first checkout)",
        params: getCompany.params,
        response: { 200: getCompany.response, ...problemResponses },
      },
    },
    async (request) => {
      const company = await ctx.repos.companies.findById(request.params.id);
      if (!company) throw identityErrors.companyNotFound();
      return companySnapshot(company);
    },
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
