import { rethrowDuplicateKeyAsConflict } from '@b2b/shared/db';
import type { ClientSession, Collection, Db } from 'mongodb';
import { Decimal128 } from 'mongodb';
import { negateDecimal } from '../domain/amounts.ts';
import type { CreditAccountDoc, PaymentTerms } from '../domain/model.ts';

/** Terms under which a company may buy on invoice. */
export const invoiceTerms: readonly PaymentTerms[] = ['net30', 'net60'];

export type CompanyTermsSnapshot = Omit<CreditAccountDoc, '_id' | 'creditUsed'>;

export class CreditAccountRepository {
  readonly collection: Collection<CreditAccountDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CreditAccountDoc>('credit_accounts');
  }

  async ensureIndexes(): Promise<void> {
    // Only _id lookups: the account is the company's id.
  }

  findById(companyId: string, session?: ClientSession): Promise<CreditAccountDoc | null> {
    return this.collection.findOne({ _id: companyId }, { session });
  }

  findMany(companyIds: readonly string[]): Promise<CreditAccountDoc[]> {
    return this.collection.find({ _id: { $in: [...companyIds] } }).toArray();
  }

  /**
   * Applies a company snapshot if it is newer than the stored one; a new account starts with
   * nothing used. Runs in the consumer's transaction, so the read and the write are one unit.
   */
  async applySnapshot(
    companyId: string,
    snapshot: CompanyTermsSnapshot,
    session: ClientSession,
  ): Promise<'inserted' | 'updated' | 'stale'> {
    const existing = await this.collection.findOne(
      { _id: companyId },
      { session, projection: { version: 1 } },
    );
    if (!existing) {
      // Two first snapshots at once: the loser's duplicate key retries its transaction (it then updates).
      await this.collection
        .insertOne({ _id: companyId, ...snapshot, creditUsed: Decimal128.fromString('0') }, { session })
        .catch((err) => rethrowDuplicateKeyAsConflict(err, session));
      return 'inserted';
    }
    const result = await this.collection.updateOne(
      { _id: companyId, version: { $lt: snapshot.version } },
      { $set: snapshot },
      { session },
    );
    return result.modifiedCount === 1 ? 'updated' : 'stale';
  }

  /**
   * THE credit check: one conditional update that takes `amount` only while
   * `creditLimit − creditUsed ≥ amount` (and the company is active, on net terms, in this currency).
   * Concurrent authorizations serialise on the document, so together they never exceed the limit.
   */
  async reserve(
    companyId: string,
    currency: string,
    amount: Decimal128,
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      {
        _id: companyId,
        status: 'active',
        paymentTerms: { $in: [...invoiceTerms] },
        currency,
        $expr: { $gte: [{ $subtract: ['$creditLimit', '$creditUsed'] }, amount] },
      },
      { $inc: { creditUsed: amount } },
      { session },
    );
    return result.modifiedCount === 1;
  }

  /** Gives `amount` back (a void, a paid invoice). */
  async release(companyId: string, amount: Decimal128, session?: ClientSession): Promise<void> {
    await this.collection.updateOne(
      { _id: companyId },
      { $inc: { creditUsed: negateDecimal(amount) } },
      { session },
    );
  }
}
