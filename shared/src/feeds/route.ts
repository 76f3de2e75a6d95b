/**
 * The owner's route of a feed: `GET /feeds/<name>?after=<watermark>`, registered inside the
 * owner's `/internal` folder (so `/internal/feeds/<name>`, never forwarded by the gateway, and
 * behind whatever guards that folder has).
 *
 *   await app.register(feedRoute(revocationFeed, RevocationEntry));
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static, TSchema } from 'typebox';
import { problemResponses } from '../http/schemas.ts';
import type { CollectionFeed } from './collection-feed.ts';
import { FeedPage, FeedQuery } from './page.ts';

export function feedRoute<T extends TSchema>(
  feed: CollectionFeed<Static<T>>,
  entrySchema: T,
): FeedRoutePlugin {
  const plugin: FeedRoutePlugin = async (app) => {
    app.get(
      `/feeds/${feed.name}`,
      {
        // Every task of every reader polls this every second or two: keep it out of info logs.
        logLevel: 'warn',
        schema: {
          tags: ['internal'],
          summary: `The ${feed.name} feed: entries written after a watermark, one bounded page`,
          querystring: FeedQuery,
          // The response schema decides what leaves the service: exactly the declared entries.
          response: { 200: FeedPage(entrySchema), ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.header('cache-control', 'no-store').send(await feed.readPage(request.query.after)),
    );
  };
  return plugin;
}

export type FeedRoutePlugin = FastifyPluginAsyncTypebox;
