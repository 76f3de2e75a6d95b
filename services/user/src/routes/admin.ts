import { authenticatedUser, requireRole } from '@b2b/shared/auth';
import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { administerCompany, administerUser, getCompany, getUser } from '../domain/administration.ts';
import type { IdentityContext } from '../domain/context.ts';
import { creditUsedOf } from '../domain/credit-ledger.ts';
import type { CompanyDoc } from '../domain/model.ts';
import {
  AdminCompany,
  AdminCompanyPatch,
  AdminCompanyQuery,
  AdminUser,
  AdminUserPatch,
  AdminUserQuery,
} from '../schemas/admin.ts';
import { Id, Page, problemResponses } from '../schemas/common.ts';
import { adminCompanyView, adminUserView } from './views.ts';

const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** /admin/users and /admin/companies: platform staff only, checked once for the whole folder. */
export const adminRoutes: FastifyPluginAsyncTypebox<{ ctx: IdentityContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];

  app.get(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'List and search users (q matches email or name)',
        security,
        querystring: AdminUserQuery,
        response: { 200: Page(AdminUser), ...problemResponses },
      },
    },
    async (request) => {
      return mapPage(await ctx.repos.users.search(request.query), adminUserView);
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'One user',
        security,
        params: IdParams,
        response: { 200: AdminUser, ...problemResponses },
      },
    },
    async (request) => adminUserView(await getUser(ctx, request.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Enable or disable a user, change platform roles (ends their sessions)',
        security,
        params: IdParams,
        body: AdminUserPatch,
        response: { 200: AdminUser, ...problemResponses },
      },
    },
    async (request) =>
      adminUserView(
        await administerUser(ctx, authenticatedUser(request).id, request.params.id, request.body),
      ),
  );

  const withCreditUsed = async (company: CompanyDoc) =>
    adminCompanyView(company, (await creditUsedOf(ctx.credit, [company])).get(company._id) ?? null);

  app.get(
    '/companies',
    {
      schema: {
        tags: ['admin'],
        summary: 'List and search companies (q matches the name)',
        security,
        querystring: AdminCompanyQuery,
        response: { 200: Page(AdminCompany), ...problemResponses },
      },
    },
    async (request) => {
      const page = await ctx.repos.companies.search(request.query);
      const used = await creditUsedOf(ctx.credit, page.items);
      return mapPage(page, (company) => adminCompanyView(company, used.get(company._id) ?? null));
    },
  );

  app.get(
    '/companies/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'One company',
        security,
        params: IdParams,
        response: { 200: AdminCompany, ...problemResponses },
      },
    },
    async (request) => withCreditUsed(await getCompany(ctx, request.params.id)),
  );

  app.patch(
    '/companies/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Status (on_hold ends every member session), payment terms, credit limit, price list',
        security,
        params: IdParams,
        body: AdminCompanyPatch,
        response: { 200: AdminCompany, ...problemResponses },
      },
    },
    async (request) =>
      withCreditUsed(
        await administerCompany(ctx, authenticatedUser(request).id, request.params.id, request.body),
      ),
  );
};
