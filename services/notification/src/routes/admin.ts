import { authenticatedUser } from '@b2b/shared/auth';
import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NotificationContext } from '../domain/context.ts';
import { searchDeliveries } from '../domain/delivery-log.ts';
import { type NotificationKindKey, notificationKinds } from '../domain/kinds.ts';
import {
  getTemplate,
  knownLocales,
  listTemplates,
  previewTemplate,
  replaceTemplate,
  resetTemplate,
} from '../domain/templates.ts';
import { adminTags, Page, problemResponses, security } from '../schemas/common.ts';
import { Delivery, DeliveryQuery } from '../schemas/deliveries.ts';
import {
  Preview,
  PreviewBody,
  Template,
  TemplateBody,
  TemplateKeyParams,
  TemplateList,
  TemplateSelectorQuery,
} from '../schemas/templates.ts';
import { deliveryView, templateView } from './views.ts';

/** /admin/notification-templates and /admin/notifications (inside admin-area.ts: platform staff only). */
export const adminRoutes: FastifyPluginAsyncTypebox<{ ctx: NotificationContext }> = async (app, { ctx }) => {
  app.get(
    '/notification-templates',
    {
      schema: {
        tags: adminTags,
        summary:
          'Every template of one locale (default en), each kind × channel: the seeded default until an admin changes it',
        security,
        querystring: TemplateSelectorQuery,
        response: { 200: TemplateList, ...problemResponses },
      },
    },
    async (request) => ({
      items: (await listTemplates(ctx, request.query)).map(templateView),
      locales: await knownLocales(ctx),
    }),
  );

  app.get(
    '/notification-templates/:key',
    {
      schema: {
        tags: adminTags,
        summary: 'One template (?channel=email&locale=en by default) with the placeholders its kind offers',
        security,
        params: TemplateKeyParams,
        querystring: TemplateSelectorQuery,
        response: { 200: Template, ...problemResponses },
      },
    },
    async (request) => templateView(await getTemplate(ctx, request.params.key, request.query)),
  );

  app.put(
    '/notification-templates/:key',
    {
      schema: {
        tags: adminTags,
        summary:
          'Replace the template of a channel and locale; a syntax error, an unknown placeholder or a part the channel lacks is a 400',
        security,
        params: TemplateKeyParams,
        querystring: TemplateSelectorQuery,
        body: TemplateBody,
        response: { 200: Template, ...problemResponses },
      },
    },
    async (request) =>
      templateView(
        await replaceTemplate(
          ctx,
          request.params.key,
          request.query,
          request.body,
          authenticatedUser(request).id,
        ),
      ),
  );

  app.delete(
    '/notification-templates/:key',
    {
      schema: {
        tags: adminTags,
        summary: 'Reset the template of a channel and locale to its seeded default (drops the override)',
        security,
        params: TemplateKeyParams,
        querystring: TemplateSelectorQuery,
        response: { 200: Template, ...problemResponses },
      },
    },
    async (request) => templateView(await resetTemplate(ctx, request.params.key, request.query)),
  );

  app.post(
    '/notification-templates/:key/preview',
    {
      schema: {
        tags: adminTags,
        summary: 'Render the template of a channel and locale (or a draft of it) with sample data',
        security,
        params: TemplateKeyParams,
        querystring: TemplateSelectorQuery,
        body: PreviewBody,
        response: { 200: Preview, ...problemResponses },
      },
    },
    async (request) => {
      const rendered = await previewTemplate(ctx, request.params.key, request.query, request.body);
      // The key is known here: previewTemplate answered 404 otherwise.
      return {
        ...rendered,
        sample: { ...notificationKinds[request.params.key as NotificationKindKey].sample },
      };
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: adminTags,
        summary: 'Delivery log, newest first, filtered by channel, status, recipient and event',
        security,
        querystring: DeliveryQuery,
        response: { 200: Page(Delivery), ...problemResponses },
      },
    },
    async (request) => mapPage(await searchDeliveries(ctx, request.query), deliveryView),
  );
};
