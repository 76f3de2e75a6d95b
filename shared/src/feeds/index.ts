/**
 * `@b2b/shared/feeds`: facts every task must know (events.md), pulled with a watermark.
 *
 * Owner (one collection, documents with a string `_id` and a write time):
 *   const feed = defineCollectionFeed({ name: 'revocations', collection, toEntry, expiresAtField: 'expiresAt' });
 *   await feed.ensureIndex();
 *   await app.register(feedRoute(feed, EntrySchema), { prefix: '/internal' });  // GET /internal/feeds/revocations
 *
 * Reader (every task; polls, keeps a keyed copy, catches up from zero, reports readiness):
 *   const reader = startFeedReader({ url: config.serviceUrls.user, name: 'revocations', entrySchema: EntrySchema });
 *   registerFeedReadiness(app.readiness, reader);
 *   app.addHook('onClose', async () => reader.stop());
 */
export {
  type CollectionFeed,
  type CollectionFeedOptions,
  DEFAULT_FEED_OVERLAP_MS,
  DEFAULT_FEED_PAGE_SIZE,
  defineCollectionFeed,
} from './collection-feed.ts';
export {
  FeedItem,
  type FeedItemBody,
  FeedPage,
  type FeedPageBody,
  FeedQuery,
  type FeedSource,
} from './page.ts';
export {
  type FeedLog,
  type FeedReader,
  type FeedReaderOptions,
  type FeedReaderStatus,
  startFeedReader,
} from './reader.ts';
export { registerFeedReadiness } from './readiness.ts';
export { feedRoute } from './route.ts';
