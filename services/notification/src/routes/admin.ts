import { authenticatedUser, requireRole } from '@b2b/shared/auth';
import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NotificationContext } from '../domain/context.ts';
import { searchDeliveries } from '../domain/delivery-log.ts';
import { notificationKinds } from '../domain/kinds.ts';
import { getTemplate, listTemplates, previewTemplate, replaceTemplate } from '../domain/templates.ts';
import { Page, problemResponses, security } from '../schemas/common.ts';
import { Delivery, DeliveryQuery } from '../schemas/deliveries.ts';
import {
  Preview,
  PreviewBody,
  Template,
  TemplateBody,
  TemplateKeyParams,
  TemplateList,
} from '../schemas/templates.ts';
import { deliveryView, templateView } from './views.ts';

/** /admin/notification-templates and /admin/notifications: platform staff only, checked once here. */
export const adminRoutes: FastifyPluginAsyncTypebox<{ ctx: NotificationContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireRole('admin'));
  const tags = ['admin'];

  app.get(
    '/notification-templates',
    {
      schema: {
        tags,
        summary: 'Every notification template (the seeded default until an admin changes it)',
        security,
        response: { 200: TemplateList, ...problemResponses },
      },
    },
    async () => ({ items: (await listTemplates(ctx)).map(templateView) }),
  );

  app.get(
    '/notification-templates/:key',
    {
      schema: {
        tags,
        summary: 'One template with the placeholders its kind offers',
        security,
        params: TemplateKeyParams,
        response: { 200: Template, ...problemResponses },
      },
    },
    async (request) => templateView(await getTemplate(ctx, request.params.key)),
  );

  app.put(
    '/notification-templates/:key',
    {
      schema: {
        tags,
        summary: 'Replace a template; a syntax error or an unknown placeholder is a 400',
        security,
        params: TemplateKeyParams,
        body: TemplateBody,
        response: { 200: Template, ...problemResponses },
      },
    },
    async (request) =>
      templateView(
        await replaceTemplate(ctx, request.params.key, request.body, authenticatedUser(request).id),
      ),
  );

  app.post(
    '/notification-templates/:key/preview',
    {
      schema: {
        tags,
        summary: 'Render the template (or a draft of it) with sample data',
        security,
        params: TemplateKeyParams,
        body: PreviewBody,
        response: { 200: Preview, ...problemResponses },
      },
    },
    async (request) => {
      const current = await getTemplate(ctx, request.params.key);
      const draft = Object.keys(request.body).length > 0 ? { ...current, ...request.body } : undefined;
      const rendered = await previewTemplate(
        ctx,
        current.key,
        draft && { subject: draft.subject, text: draft.text, html: draft.html },
      );
      return { ...rendered, sample: { ...notificationKinds[current.key].sample } };
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Delivery log, newest first, filtered by channel, status, recipient and event',
        security,
        querystring: DeliveryQuery,
        response: { 200: Page(Delivery), ...problemResponses },
      },
    },
    async (request) => mapPage(await searchDeliveries(ctx, request.query), deliveryView),
  );
};
