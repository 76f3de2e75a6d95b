import { requireRole } from '@b2b/shared/auth';
import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NotificationContext } from '../domain/context.ts';
import { listMailbox, mailboxMessage } from '../domain/mailbox.ts';
import { Page, problemResponses, security } from '../schemas/common.ts';
import { MailboxIdParams, MailboxMessage, MailboxQuery } from '../schemas/mailbox.ts';
import { mailboxView } from './views.ts';

/**
 * /admin/mailbox: what would have gone to SES/SNS, locally only. buildApp registers this folder
 * only with the mailbox transport, so in AWS the paths do not exist (404).
 */
export const mailboxRoutes: FastifyPluginAsyncTypebox<{ ctx: NotificationContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireRole('admin'));
  const tags = ['admin'];

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Development mailbox (local only): emails and SMS, newest first',
        security,
        querystring: MailboxQuery,
        response: { 200: Page(MailboxMessage), ...problemResponses },
      },
    },
    async (request) => {
      const { to, ...page } = request.query;
      return mapPage(await listMailbox(ctx, page, to), mailboxView);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One message of the development mailbox',
        security,
        params: MailboxIdParams,
        response: { 200: MailboxMessage, ...problemResponses },
      },
    },
    async (request) => mailboxView(await mailboxMessage(ctx, request.params.id)),
  );
};
