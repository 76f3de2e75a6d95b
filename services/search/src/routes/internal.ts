import type { CollectionFeed } from '@b2b/shared/feeds';
import { feedRoute } from '@b2b/shared/feeds';
import { serviceCallersOnly } from '@b2b/shared/internal';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type IndexedDocument, SearchDocumentEntry } from '../schemas/index-feed.ts';

/**
 * /internal/*: for other services only; the gateway never forwards it. The index feed, for tools
 * and other readers (the service's own tasks read the collection directly).
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{
  feed: CollectionFeed<IndexedDocument>;
  /** The platform service credential; without it every internal call is refused. */
  serviceCredential: string | undefined;
}> = async (app, { feed, serviceCredential }) => {
  // Inside the VPC every task reaches every port: only platform services get past this.
  await app.register(serviceCallersOnly, { credential: serviceCredential });
  await app.register(feedRoute(feed, SearchDocumentEntry));
};
