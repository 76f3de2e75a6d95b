import { REVOCATIONS_FEED, type RevocationEntry, revocationKey } from '@b2b/shared/auth';
import { type CollectionFeed, defineCollectionFeed } from '@b2b/shared/feeds';
import type { ClientSession, Collection, Db } from 'mongodb';
import type { RevocationDoc } from '../domain/model.ts';

/**
 * The access-token denylist and per-user "not before" markers. Nobody reads it per request: it is
 * published as the `revocations` fact feed (`GET /internal/feeds/revocations`), which the gateway,
 * every service and this service's own tasks keep a copy of.
 */
export class RevocationRepository {
  readonly collection: Collection<RevocationDoc>;
  readonly feed: CollectionFeed<RevocationEntry>;

  /** `nowMs`: the service clock, which decides what has expired. */
  constructor(db: Db, nowMs: () => number = Date.now) {
    this.collection = db.collection<RevocationDoc>('revocations');
    this.feed = defineCollectionFeed({
      name: REVOCATIONS_FEED,
      collection: this.collection,
      toEntry: (d): RevocationEntry =>
        d.jti !== undefined
          ? { jti: d.jti, exp: d.exp }
          : { sub: d.sub!, notBefore: d.notBefore!, exp: d.exp },
      timeField: 'recordedAt',
      expiresAtField: 'expiresAt',
      now: nowMs,
    });
  }

  async ensureIndexes(): Promise<void> {
    await this.feed.ensureIndex();
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expiry_ttl', expireAfterSeconds: 0 });
  }

  async revokeToken(jti: string, exp: number, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: revocationKey.token(jti) },
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
  ): Promise<{ sub: string; notBefore: number; exp: number }> {
    const exp = notBefore + accessTokenTtlSeconds;
    await this.collection.updateOne(
      { _id: revocationKey.subject(sub) },
      { $set: { sub, notBefore, exp, expiresAt: new Date(exp * 1000), recordedAt: now } },
      { upsert: true, session },
    );
    return { sub, notBefore, exp };
  }
}
