import { requireCompanyRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  getCompanyWithMembers,
  inviteMember,
  removeMember,
  updateMember,
} from '../domain/company-members.ts';
import type { IdentityContext } from '../domain/context.ts';
import { creditUsedOf } from '../domain/credit-ledger.ts';
import { memberScope } from '../http/authentication.ts';
import { problemResponses } from '../schemas/common.ts';
import { CompanyWithMembers, Member, MemberInvite, MemberParams, MemberPatch } from '../schemas/companies.ts';
import { companyView, memberView } from './views.ts';

/**
 * /companies/me: the caller's own company only. Every query carries the caller's companyId, so
 * another company's member is a 404, never a 403 that would confirm it exists.
 */
export const companyRoutes: FastifyPluginAsyncTypebox<{ ctx: IdentityContext }> = async (app, { ctx }) => {
  // Any member of a company; managing members additionally needs company_admin.
  app.addHook('onRequest', requireCompanyRole('company_admin', 'approver', 'buyer'));
  const security = [{ bearerAuth: [] }];
  const adminOnly = requireCompanyRole('company_admin');

  app.get(
    '/me',
    {
      schema: {
        tags: ['companies'],
        summary: 'My company, its terms and members',
        security,
        response: { 200: CompanyWithMembers, ...problemResponses },
      },
    },
    async (request) => {
      const { company, members } = await getCompanyWithMembers(ctx, memberScope(request).companyId);
      const used = await creditUsedOf(ctx.credit, [company]);
      return { ...companyView(company, used.get(company._id) ?? null), members: members.map(memberView) };
    },
  );

  app.post(
    '/me/members',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['companies'],
        summary: 'Invite a member (they receive a set-password link)',
        security,
        body: MemberInvite,
        response: { 201: Member, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(memberView(await inviteMember(ctx, memberScope(request), request.body))),
  );

  app.patch(
    '/me/members/:userId',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['companies'],
        summary: "Change a member's role or spending limit",
        security,
        params: MemberParams,
        body: MemberPatch,
        response: { 200: Member, ...problemResponses },
      },
    },
    async (request) =>
      memberView(await updateMember(ctx, memberScope(request), request.params.userId, request.body)),
  );

  app.delete(
    '/me/members/:userId',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['companies'],
        summary: 'Remove a member; their sessions end at once',
        security,
        params: MemberParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeMember(ctx, memberScope(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );
};
