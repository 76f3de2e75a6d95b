import type { ClientSession, Collection, Db } from 'mongodb';
import type { RevocationDoc } from '../domain/model.ts';

export type RevocationFeedItem =
  | { jti: string; exp: number }
  | { sub: string; notBefore: number; exp: number };

/** How far behind "now" a cursor points, so an entry whose write committed late is still seen. */
const CURSOR_OVERLAP_MS = 5_000;
export const REVOCATION_PAGE_LIMIT = 1_000;

/**
 * The access-token denylist and per-user "not before" markers, read by this service on every
 * request and published to the gateway and other services as a feed with a time cursor.
 */
export class RevocationRepository {
  readonly collection: Collection<RevocationDoc>;

  constructor(db: Db) {
    this.collection = db.collection<RevocationDoc>('revocations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ recordedAt: 1 }, { name: 'feed_order' });
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expiry_ttl', expireAfterSeconds: 0 });
  }

  async revokeToken(jti: string, exp: number, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: `jti:${jti}` },
      { $set: { jti, exp, expiresAt: new Date(exp * 1000), recordedAt: now } },
      { upsert: true },
    );
  }

  /** Tokens of `sub` issued before `notBefore` die; the marker outlives the longest such token. */
  async revokeSubject(
    sub: string,
    notBefore: number,
    accessTokenTtlSeconds: number,
    now: Date,
    session?: ClientSession,
  ): Promise<void> {
    const exp = notBefore + accessTokenTtlSeconds;
    await this.collection.updateOne(
      { _id: `sub:${sub}` },
      { $set: { sub, notBefore, exp, expiresAt: new Date(exp * 1000), recordedAt: now } },
      { upsert: true, session },
    );
  }

  /** Whether the token is denylisted or was issued before its user's marker: one indexed lookup. */
  async isRevoked(token: { jti: string; sub: string; iat: number }): Promise<boolean> {
    const entries = await this.collection
      .find({ _id: { $in: [`jti:${token.jti}`, `sub:${token.sub}`] } })
      .toArray();
    return entries.some((e) => e.jti !== undefined || (e.notBefore !== undefined && token.iat < e.notBefore));
  }

  /**
   * Unexpired entries recorded at or after `sinceMs` (all of them without a cursor). The next
   * cursor overlaps the last few seconds: an entry may come twice, never not at all.
   */
  async feed(
    sinceMs: number | undefined,
    now: Date,
  ): Promise<{ items: RevocationFeedItem[]; cursor: string }> {
    const filter = {
      expiresAt: { $gt: now },
      ...(sinceMs === undefined ? {} : { recordedAt: { $gte: new Date(sinceMs) } }),
    };
    const docs = await this.collection
      .find(filter)
      .sort({ recordedAt: 1, _id: 1 })
      .limit(REVOCATION_PAGE_LIMIT)
      .toArray();
    const items = docs.map(
      (d): RevocationFeedItem =>
        d.jti !== undefined
          ? { jti: d.jti, exp: d.exp }
          : { sub: d.sub!, notBefore: d.notBefore!, exp: d.exp },
    );
    // A full page continues from its last entry; otherwise from shortly before now.
    const full = docs.length === REVOCATION_PAGE_LIMIT;
    const next = full ? docs.at(-1)!.recordedAt.getTime() : now.getTime() - CURSOR_OVERLAP_MS;
    return { items, cursor: String(Math.max(next, sinceMs ?? 0)) };
  }
}
