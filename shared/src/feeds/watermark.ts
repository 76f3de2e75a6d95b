/**
 * A feed position: the (time, _id) pair of a document, ordered by time then id. Encoded as
 * base64url JSON so it is opaque and URL-safe; decoding anything else is the caller's 400.
 */
import { errors } from '../errors.ts';

export interface FeedPosition {
  /** The document's feed time, ms since the epoch. */
  ms: number;
  id: string;
}

export function encodeWatermark(position: FeedPosition): string {
  return Buffer.from(JSON.stringify([position.ms, position.id])).toString('base64url');
}

export function decodeWatermark(watermark: string): FeedPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(watermark, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      value[0] >= 0 &&
      typeof value[1] === 'string'
    ) {
      return { ms: value[0], id: value[1] };
    }
  } catch {
    // fall through: not JSON
  }
  throw errors.badRequest('The feed watermark is not one this feed issued', 'INVALID_WATERMARK');
}

/** -1, 0 or 1, as (ms, id) pairs compare. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
