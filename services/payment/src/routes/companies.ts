import { companyScope, requireCompanyRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PaymentContext } from '../domain/context.ts';
import { companyCredit } from '../domain/credit.ts';
import { problemResponses } from '../schemas/common.ts';
import { CompanyCredit } from '../schemas/credit.ts';
import { creditView } from './views.ts';

/** /companies/me/credit: the gateway routes this one path here (the rest of /companies is the user service's). */
export const companyCreditRoutes: FastifyPluginAsyncTypebox<{ ctx: PaymentContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireCompanyRole('company_admin', 'approver', 'buyer'));
  app.get(
    '/me/credit',
    {
      schema: {
        tags: ['companies'],
        summary: "My company's credit: limit, used and available",
        security: [{ bearerAuth: [] }],
        response: { 200: CompanyCredit, ...problemResponses },
      },
    },
    async (request) => creditView(await companyCredit(ctx, companyScope(request).companyId)),
  );
};
