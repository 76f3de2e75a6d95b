import { containsText, findPage, type Page } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, Filter } from 'mongodb';
import type {
  CompanyRole,
  PlatformRole,
  Preferences,
  StoredMoney,
  UserDoc,
  UserStatus,
} from '../domain/model.ts';

export interface UserSearch {
  q?: string;
  companyId?: string;
  status?: UserStatus;
  page: number;
  limit: number;
}

export class UserRepository {
  readonly collection: Collection<UserDoc>;

  constructor(db: Db) {
    this.collection = db.collection<UserDoc>('users');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await this.collection.createIndex({ companyId: 1, createdAt: 1 }, { name: 'company_members' });
    await this.collection.createIndex({ roles: 1, createdAt: 1 }, { name: 'platform_roles' });
  }

  async insert(user: UserDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(user, { session });
  }

  findById(id: string, session?: ClientSession): Promise<UserDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  findByEmail(email: string): Promise<UserDoc | null> {
    return this.collection.findOne({ email });
  }

  /** A member of one company: another company's member is simply not found. */
  findMember(companyId: string, userId: string): Promise<UserDoc | null> {
    return this.collection.findOne({ _id: userId, companyId });
  }

  /** The members, oldest first; `limit` is the company's member cap, so in practice all of them. */
  listMembers(companyId: string, limit: number): Promise<UserDoc[]> {
    return this.collection.find({ companyId }).sort({ createdAt: 1, _id: 1 }).limit(limit).toArray();
  }

  countMembers(companyId: string): Promise<number> {
    return this.collection.countDocuments({ companyId });
  }

  /** Ids of every member, however many there are (for revoking all their sessions). */
  async memberIds(companyId: string): Promise<string[]> {
    const docs = await this.collection.find({ companyId }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  async search(query: UserSearch): Promise<Page<UserDoc>> {
    const filter: Filter<UserDoc> = {};
    if (query.q) {
      const pattern = containsText(query.q);
      filter.$or = [{ email: pattern }, { name: pattern }];
    }
    if (query.companyId) filter.companyId = query.companyId;
    if (query.status) filter.status = query.status;
    return findPage(this.collection, filter, query);
  }

  async updateProfile(
    id: string,
    changes: { name?: string; phone?: string | null; preferences?: Preferences },
    now: Date,
    session?: ClientSession,
  ): Promise<UserDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: id },
      { $set: { ...changes, updatedAt: now }, $inc: { version: 1 } },
      { returnDocument: 'after', session },
    );
  }

  async updateMembership(
    companyId: string,
    userId: string,
    changes: {
      companyRole?: CompanyRole;
      spendingLimit?: StoredMoney | null;
      monthlyBudget?: StoredMoney | null;
    },
    now: Date,
    session?: ClientSession,
  ): Promise<UserDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: userId, companyId },
      { $set: { ...changes, updatedAt: now }, $inc: { version: 1 } },
      { returnDocument: 'after', session },
    );
  }

  async updateAdministration(
    id: string,
    changes: { status?: UserStatus; roles?: PlatformRole[] },
    now: Date,
    session?: ClientSession,
  ): Promise<UserDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: id },
      { $set: { ...changes, updatedAt: now }, $inc: { version: 1 } },
      { returnDocument: 'after', session },
    );
  }

  /**
   * Sets a new password; an invited member becomes active with it (a disabled one stays disabled).
   * Returns the user as it is now (one version later).
   */
  async setPassword(
    id: string,
    passwordHash: string,
    now: Date,
    session?: ClientSession,
  ): Promise<UserDoc | null> {
    await this.collection.updateOne(
      { _id: id, status: 'invited' },
      { $set: { status: 'active' } },
      { session },
    );
    return this.collection.findOneAndUpdate(
      { _id: id },
      { $set: { passwordHash, updatedAt: now }, $inc: { version: 1 } },
      { returnDocument: 'after', session },
    );
  }

  /** Records "access tokens issued before this second are invalid" for the user. */
  async revokeTokensBefore(id: string, notBeforeSeconds: number, session?: ClientSession): Promise<void> {
    await this.collection.updateOne(
      { _id: id, tokensNotBefore: { $lt: notBeforeSeconds } },
      { $set: { tokensNotBefore: notBeforeSeconds } },
      { session },
    );
  }

  /** Removing a member deletes the account: one company per user, and no orphan logins. Returns it. */
  deleteMember(companyId: string, userId: string, session?: ClientSession): Promise<UserDoc | null> {
    return this.collection.findOneAndDelete({ _id: userId, companyId }, { session });
  }

  /** Every company member (not platform admins), for republishing snapshots. */
  allMembers(): AsyncIterable<UserDoc> {
    return this.collection.find({ companyId: { $ne: null } }).sort({ _id: 1 });
  }

  /** Active members of a company in one role, oldest first, at most `limit`. */
  activeMembersInRole(companyId: string, companyRole: CompanyRole, limit: number): Promise<UserDoc[]> {
    return this.collection
      .find({ companyId, companyRole, status: 'active' })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** Active platform staff holding `role`, oldest first, at most `limit`. */
  activeWithPlatformRole(role: PlatformRole, limit: number): Promise<UserDoc[]> {
    return this.collection
      .find({ roles: role, status: 'active' })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  countAdmins(): Promise<number> {
    return this.collection.countDocuments({ roles: 'admin', status: 'active' });
  }
}
