import { findPage, type Page, type PageRequest } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, Decimal128, Filter } from 'mongodb';
import { negateDecimal } from '../domain/amounts.ts';
import type { PaymentDoc, PaymentStatus, PaymentTransaction, RefundRecord } from '../domain/model.ts';

/** Statuses from which money can still be refunded. */
const refundable: PaymentStatus[] = ['captured', 'partially_refunded'];

export class PaymentRepository {
  readonly collection: Collection<PaymentDoc>;

  constructor(db: Db) {
    this.collection = db.collection<PaymentDoc>('payments');
  }

  async ensureIndexes(): Promise<void> {
    // One payment per order: a duplicate order.placed can never create a second one.
    await this.collection.createIndex({ orderId: 1 }, { unique: true, name: 'order_unique' });
    await this.collection.createIndex({ companyId: 1, createdAt: 1, _id: 1 }, { name: 'company_created' });
    await this.collection.createIndex({ providerRef: 1 }, { name: 'provider_ref', sparse: true });
  }

  async insert(payment: PaymentDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(payment, { session });
  }

  findById(id: string, session?: ClientSession): Promise<PaymentDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  findByOrder(orderId: string, session?: ClientSession): Promise<PaymentDoc | null> {
    return this.collection.findOne({ orderId }, { session });
  }

  findByProviderRef(providerRef: string): Promise<PaymentDoc | null> {
    return this.collection.findOne({ providerRef });
  }

  /** `companyId` undefined = every company (platform admins). */
  list(query: { companyId?: string; orderId?: string } & PageRequest): Promise<Page<PaymentDoc>> {
    const filter: Filter<PaymentDoc> = {};
    if (query.companyId !== undefined) filter.companyId = query.companyId;
    if (query.orderId !== undefined) filter.orderId = query.orderId;
    return findPage(this.collection, filter, query);
  }

  /**
   * Moves a payment from one status to another, appending what happened; false when it was not
   * in `from` any more (another delivery or a cancellation got there first).
   */
  async transition(
    id: string,
    from: PaymentStatus | PaymentStatus[],
    change: {
      to: PaymentStatus;
      transaction?: PaymentTransaction;
      set?: Partial<Pick<PaymentDoc, 'providerRef' | 'declineReason' | 'capturedAmount' | 'invoiceId'>>;
      at: Date;
    },
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, status: Array.isArray(from) ? { $in: from } : from },
      {
        $set: { status: change.to, updatedAt: change.at, ...change.set },
        ...(change.transaction ? { $push: { transactions: change.transaction } } : {}),
      },
      { session },
    );
    return result.modifiedCount === 1;
  }

  /**
   * Reserves a refund with one conditional update: only while `refundedAmount + amount ≤
   * capturedAmount`, so concurrent refunds together never exceed what was captured. The status
   * follows at once (a full refund reads `refunded` even before the provider answered).
   */
  async reserveRefund(id: string, refund: RefundRecord, at: Date, session?: ClientSession): Promise<boolean> {
    const result = await this.collection.updateOne(
      {
        _id: id,
        status: { $in: refundable },
        // The same refund (one Idempotency-Key) is never reserved twice, even concurrently.
        'refunds.id': { $ne: refund.id },
        $expr: { $lte: [{ $add: ['$refundedAmount', refund.amount] }, '$capturedAmount'] },
      },
      { $inc: { refundedAmount: refund.amount }, $push: { refunds: refund }, $set: { updatedAt: at } },
      { session },
    );
    if (result.modifiedCount !== 1) return false;
    await this.settleRefundStatus(id, at, session);
    return true;
  }

  /** A reservation the provider refused is given back. */
  async releaseRefund(id: string, refundId: string, amount: Decimal128, at: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: id, refunds: { $elemMatch: { id: refundId, status: 'pending' } } },
      {
        $inc: { refundedAmount: negateDecimal(amount) },
        $pull: { refunds: { id: refundId } },
        $set: { updatedAt: at },
      },
    );
    await this.settleRefundStatus(id, at);
  }

  /** The provider refunded: the record becomes final and the transaction is listed. */
  async completeRefund(
    id: string,
    refundId: string,
    transaction: PaymentTransaction,
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, refunds: { $elemMatch: { id: refundId, status: 'pending' } } },
      {
        $set: {
          'refunds.$.status': 'succeeded',
          'refunds.$.providerRef': transaction.providerRef,
          updatedAt: transaction.at,
        },
        $push: { transactions: transaction },
      },
      { session },
    );
    return result.modifiedCount === 1;
  }

  /** Status from the amounts: nothing refunded → captured, some → partially_refunded, all → refunded. */
  private async settleRefundStatus(id: string, at: Date, session?: ClientSession): Promise<void> {
    const base = { _id: id, status: { $in: [...refundable, 'refunded' as const] } };
    await this.collection.updateOne(
      { ...base, $expr: { $eq: ['$refundedAmount', '$capturedAmount'] } },
      { $set: { status: 'refunded', updatedAt: at } },
      { session },
    );
    await this.collection.updateOne(
      {
        ...base,
        $expr: {
          $and: [{ $lt: ['$refundedAmount', '$capturedAmount'] }, { $gt: ['$refundedAmount', 0] }],
        },
      },
      { $set: { status: 'partially_refunded', updatedAt: at } },
      { session },
    );
    await this.collection.updateOne(
      { ...base, $expr: { $eq: ['$refundedAmount', 0] } },
      { $set: { status: 'captured', updatedAt: at } },
      { session },
    );
  }
}
