import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NotificationContext } from '../domain/context.ts';
import { listMailbox, mailboxMessage } from '../domain/mailbox.ts';
import { recordEmailFeedback } from '../domain/suppressions.ts';
import { reportsOf } from '../feedback/ses-feedback.ts';
import { adminTags, Page, problemResponses, security } from '../schemas/common.ts';
import { MailboxIdParams, MailboxMessage, MailboxQuery } from '../schemas/mailbox.ts';
import { FeedbackResult, LocalFeedbackBody } from '../schemas/suppressions.ts';
import { mailboxView } from './views.ts';

/**
 * /admin/mailbox: what would have gone to SES/SNS, locally only. admin-area.ts registers this folder
 * only with the mailbox transport, so in AWS the paths do not exist (404).
 */
export const mailboxRoutes: FastifyPluginAsyncTypebox<{ ctx: NotificationContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/',
    {
      schema: {
        tags: adminTags,
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
        tags: adminTags,
        summary: 'One message of the development mailbox',
        security,
        params: MailboxIdParams,
        response: { 200: MailboxMessage, ...problemResponses },
      },
    },
    async (request) => mailboxView(await mailboxMessage(ctx, request.params.id)),
  );

  app.post(
    '/feedback',
    {
      schema: {
        tags: adminTags,
        summary:
          'Local only: report a bounce or complaint as SES would (a permanent bounce or a complaint suppresses the addresses)',
        security,
        body: LocalFeedbackBody,
        response: { 200: FeedbackResult, ...problemResponses },
      },
    },
    async (request) => {
      const { type, addresses, permanent, detail } = request.body;
      // The same reading as SES's own notifications (feedback/ses-feedback.ts), from the local shape.
      const reports = reportsOf(
        type === 'bounce'
          ? {
              eventType: 'Bounce',
              bounce: {
                bounceType: permanent === false ? 'Transient' : 'Permanent',
                bouncedRecipients: addresses.map((a) => ({
                  emailAddress: a,
                  ...(detail ? { diagnosticCode: detail } : {}),
                })),
              },
            }
          : {
              eventType: 'Complaint',
              complaint: {
                complainedRecipients: addresses.map((a) => ({ emailAddress: a })),
                ...(detail ? { complaintFeedbackType: detail } : {}),
              },
            },
      );
      return { suppressed: await recordEmailFeedback(ctx, reports, 'local') };
    },
  );
};
