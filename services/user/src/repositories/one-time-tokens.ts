import type { ClientSession, Collection, Db } from 'mongodb';
import type { OneTimeTokenDoc, OneTimeTokenPurpose } from '../domain/model.ts';

/** Password-reset and set-password tokens: stored hashed, single use, short-lived. */
export class OneTimeTokenRepository {
  readonly collection: Collection<OneTimeTokenDoc>;

  constructor(db: Db) {
    this.collection = db.collection<OneTimeTokenDoc>('one_time_tokens');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ userId: 1, purpose: 1 }, { name: 'owner_purpose' });
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expiry_ttl', expireAfterSeconds: 0 });
  }

  async insert(token: OneTimeTokenDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(token, { session });
  }

  /** The newest unused token of a kind, to pace repeated requests. */
  findLatestUnused(userId: string, purpose: OneTimeTokenPurpose): Promise<OneTimeTokenDoc | null> {
    return this.collection.findOne({ userId, purpose, usedAt: null }, { sort: { createdAt: -1 } });
  }

  /** Older links stop working when a new one is sent. */
  async invalidateUnused(userId: string, purpose: OneTimeTokenPurpose, now: Date, session?: ClientSession) {
    await this.collection.updateMany(
      { userId, purpose, usedAt: null },
      { $set: { usedAt: now } },
      { session },
    );
  }

  /** Atomically consumes a valid token: a second use, or a use after expiry, finds nothing. */
  consume(hash: string, now: Date, session?: ClientSession): Promise<OneTimeTokenDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: hash, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after', session },
    );
  }

  async deleteAllOf(userId: string): Promise<void> {
    await this.collection.deleteMany({ userId });
  }
}
