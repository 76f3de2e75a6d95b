/**
 * The wire format of a fact feed, `GET /internal/feeds/<name>?after=<watermark>`:
 * `{ items: [{ key, entry, expiresAt? }], watermark, hasMore }`. `entry: null` removes `key`;
 * `expiresAt` (ms since the epoch) is when a reader may forget the entry by itself. The watermark
 * is opaque to readers: they pass back the last one they got.
 */
import { type Static, type TSchema, Type } from 'typebox';

/** A watermark is base64url text (see watermark.ts); bounded so a huge query is refused early. */
export const WATERMARK_PATTERN = '^[A-Za-z0-9_-]{1,512}$';

export const FeedQuery = Type.Object(
  { after: Type.Optional(Type.String({ pattern: WATERMARK_PATTERN })) },
  { additionalProperties: false },
);
export type FeedQuery = Static<typeof FeedQuery>;

export function FeedItem<T extends TSchema>(entry: T) {
  return Type.Object(
    {
      key: Type.String({ minLength: 1, maxLength: 512 }),
      entry: Type.Union([entry, Type.Null()]),
      expiresAt: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { additionalProperties: false },
  );
}

export function FeedPage<T extends TSchema>(entry: T) {
  return Type.Object(
    {
      items: Type.Array(FeedItem(entry)),
      /** Pass back as `after`; opaque. */
      watermark: Type.String({ pattern: WATERMARK_PATTERN }),
      /** More entries follow at once: ask again with `watermark` before waiting for the next poll. */
      hasMore: Type.Boolean(),
    },
    { additionalProperties: false },
  );
}

export interface FeedItemBody<T> {
  key: string;
  entry: T | null;
  expiresAt?: number;
}

export interface FeedPageBody<T> {
  items: FeedItemBody<T>[];
  watermark: string;
  hasMore: boolean;
}

/** Where a reader gets its pages: the owner over HTTP, or the owner's own collection directly. */
export type FeedSource = (after: string | undefined) => Promise<FeedPageBody<unknown>>;
