import { authenticatedUser, requireAuth } from '@b2b/shared/auth';
import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NotificationContext } from '../domain/context.ts';
import { listInbox, markRead } from '../domain/inbox.ts';
import { getPreferences, updatePreferences } from '../domain/preferences.ts';
import { Page, problemResponses, security } from '../schemas/common.ts';
import { InboxItem, InboxQuery, NotificationIdParams } from '../schemas/inbox.ts';
import { Preferences, PreferencesUpdate } from '../schemas/preferences.ts';
import { inboxView } from './views.ts';

/** /notifications: the caller's own in-app inbox and preferences (signed-in users only). */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: NotificationContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireAuth);

  app.get(
    '/',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My in-app notifications, newest first (`unread=true`: only unread)',
        security,
        querystring: InboxQuery,
        response: { 200: Page(InboxItem), ...problemResponses },
      },
    },
    async (request) => {
      const { unread, ...page } = request.query;
      return mapPage(await listInbox(ctx, authenticatedUser(request).id, unread === true, page), inboxView);
    },
  );

  app.post(
    '/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read (another user’s: 404)',
        security,
        params: NotificationIdParams,
        response: { 200: InboxItem, ...problemResponses },
      },
    },
    async (request) => inboxView(await markRead(ctx, authenticatedUser(request).id, request.params.id)),
  );

  app.get(
    '/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My channels per notification kind (security messages are always emailed)',
        security,
        response: { 200: Preferences, ...problemResponses },
      },
    },
    async (request) => getPreferences(ctx, authenticatedUser(request).id),
  );

  app.put(
    '/preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change my channels for some kinds; the others stay as they were',
        security,
        body: PreferencesUpdate,
        response: { 200: Preferences, ...problemResponses },
      },
    },
    async (request) => updatePreferences(ctx, authenticatedUser(request).id, request.body),
  );
};
