import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { NotificationContext } from '../domain/context.ts';
import { liftSuppression, listSuppressions } from '../domain/suppressions.ts';
import { adminTags, Page, problemResponses, security } from '../schemas/common.ts';
import { Suppression, SuppressionParams, SuppressionQuery } from '../schemas/suppressions.ts';
import { suppressionView } from './views.ts';

/** /admin/email-suppressions: addresses SES reported, never emailed again until lifted here. */
export const suppressionRoutes: FastifyPluginAsyncTypebox<{ ctx: NotificationContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/',
    {
      schema: {
        tags: adminTags,
        summary: 'Suppressed email addresses (permanent bounces and complaints), newest first',
        security,
        querystring: SuppressionQuery,
        response: { 200: Page(Suppression), ...problemResponses },
      },
    },
    async (request) => {
      const { address, ...page } = request.query;
      return mapPage(await listSuppressions(ctx, page, address), suppressionView);
    },
  );

  app.delete(
    '/:address',
    {
      schema: {
        tags: adminTags,
        summary: 'Lift a suppression: the address is emailed again',
        security,
        params: SuppressionParams,
        response: { 204: Type.Null({ description: 'Lifted' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await liftSuppression(ctx, request.params.address);
      return reply.code(204).send(null);
    },
  );
};
