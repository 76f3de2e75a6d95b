import type { DeadLetterAdmin } from '@b2b/shared/events';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listDeadLetters, redriveDeadLetters } from '../domain/dead-letters.ts';
import { adminTags, Page, Pagination, problemResponses, security } from '../schemas/common.ts';
import {
  DeadLetter,
  DeadLetterConsumerParams,
  DeadLetterOverview,
  DeadLetterQuery,
  RedriveBody,
  RedriveResult,
} from '../schemas/dead-letters.ts';
import { deadLetterView } from './views.ts';

/**
 * /admin/dead-letters: the event bus's dead letters of every consumer, and their redrive. Here
 * because this service carries the operations screens (delivery log, mailbox); the letters of
 * other services' queues are read through the bus's operator port, never their databases.
 */
export const deadLetterRoutes: FastifyPluginAsyncTypebox<{ deadLetters: DeadLetterAdmin }> = async (
  app,
  { deadLetters },
) => {
  app.get(
    '/',
    {
      schema: {
        tags: adminTags,
        summary:
          'Dead letters per event consumer (all consumers, or ?consumer=): count and a page of letters',
        security,
        querystring: DeadLetterQuery,
        response: { 200: DeadLetterOverview, ...problemResponses },
      },
    },
    async (request) => {
      const { page, limit } = request.query;
      const pages = await listDeadLetters(deadLetters, request.query);
      return {
        bus: deadLetters.kind,
        consumers: pages.map((p) => ({
          consumer: p.consumer,
          items: p.letters.map(deadLetterView),
          total: p.total,
          page,
          limit,
        })),
      };
    },
  );

  app.get(
    '/:consumer',
    {
      schema: {
        tags: adminTags,
        summary: "One consumer's dead letters, oldest first (the list a table pages through)",
        security,
        params: DeadLetterConsumerParams,
        querystring: Pagination,
        response: { 200: Page(DeadLetter), ...problemResponses },
      },
    },
    async (request) => {
      const { page, limit } = request.query;
      const [letters] = await listDeadLetters(deadLetters, {
        page,
        limit,
        consumer: request.params.consumer,
      });
      return { items: letters!.letters.map(deadLetterView), total: letters!.total, page, limit };
    },
  );

  app.post(
    '/:consumer/redrive',
    {
      schema: {
        tags: adminTags,
        summary: 'Move dead letters (the given event ids, or all) back to the consumer queue',
        security,
        params: DeadLetterConsumerParams,
        body: RedriveBody,
        response: { 200: RedriveResult, ...problemResponses },
      },
    },
    async (request) => {
      const { consumer } = request.params;
      const moved = await redriveDeadLetters(deadLetters, consumer, request.body.eventIds);
      request.log.info(
        { consumer, moved, eventIds: request.body.eventIds?.length ?? 'all' },
        'dead letters redriven',
      );
      return { consumer, moved };
    },
  );
};
