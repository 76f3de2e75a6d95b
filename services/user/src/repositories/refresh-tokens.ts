import type { ClientSession, Collection, Db } from 'mongodb';
import type { RefreshTokenDoc } from '../domain/model.ts';

export class RefreshTokenRepository {
  readonly collection: Collection<RefreshTokenDoc>;

  constructor(db: Db) {
    this.collection = db.collection<RefreshTokenDoc>('refresh_tokens');
  }

  async ensureIndexes(): Promise<void> {
    // _id is the token hash (unique by construction).
    await this.collection.createIndex({ familyId: 1 }, { name: 'family' });
    await this.collection.createIndex({ userId: 1 }, { name: 'owner' });
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expiry_ttl', expireAfterSeconds: 0 });
  }

  async insert(token: RefreshTokenDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(token, { session });
  }

  findByHash(hash: string): Promise<RefreshTokenDoc | null> {
    return this.collection.findOne({ _id: hash });
  }

  /**
   * Marks a live token as used, atomically: of two concurrent exchanges of the same token only one
   * wins; the other sees a used token, which is reuse.
   */
  claim(hash: string, now: Date): Promise<RefreshTokenDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: hash, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    );
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.collection.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } });
  }

  /** Whether any token of the family has been revoked (the family is then dead as a whole). */
  async isFamilyRevoked(familyId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ familyId, revokedAt: { $ne: null } }, { limit: 1 })) > 0;
  }

  async revokeAllOfUser(userId: string, now: Date, session?: ClientSession): Promise<void> {
    await this.collection.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: now } }, { session });
  }
}
