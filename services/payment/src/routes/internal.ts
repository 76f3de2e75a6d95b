import { errors } from '@b2b/shared/errors';
import { serviceCallersOnly } from '@b2b/shared/internal';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PaymentContext } from '../domain/context.ts';
import { companyCredits } from '../domain/credit.ts';
import { problemResponses } from '../schemas/common.ts';
import { MAX_CREDIT_LOOKUP, paymentInternalApi } from '../schemas/internal.ts';
import { creditView } from './views.ts';

/**
 * /internal/*: for other services only (never forwarded by the gateway; callers present the
 * platform service credential). The user service shows a company's creditUsed from here: the
 * ledger is this service's, so there is one number, not a copy that drifts.
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{
  ctx: PaymentContext;
  serviceCredential: string | undefined;
}> = async (app, { ctx, serviceCredential }) => {
  await app.register(serviceCallersOnly, { credential: serviceCredential });
  const lookup = paymentInternalApi.lookupCredit;
  app.get(
    '/credit',
    {
      schema: {
        tags: ['internal'],
        summary: 'Credit limit, used and available of up to 100 companies (those with a ledger)',
        querystring: lookup.querystring,
        response: { 200: lookup.response, ...problemResponses },
      },
    },
    async (request) => {
      const ids = [...new Set(request.query.companyIds.split(',').filter((id) => id.length > 0))];
      if (ids.length === 0 || ids.length > MAX_CREDIT_LOOKUP || ids.some((id) => id.length > 64)) {
        throw errors.badRequest(
          `1 to ${MAX_CREDIT_LOOKUP} company ids of up to 64 characters`,
          'INVALID_COMPANY_IDS',
          [{ path: '/companyIds', message: `must list 1 to ${MAX_CREDIT_LOOKUP} ids` }],
        );
      }
      return { items: (await companyCredits(ctx, ids)).map(creditView) };
    },
  );
};
