import { findPage, type Page, type PageRequest } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, Decimal128, Filter } from 'mongodb';
import type { InvoiceDoc, InvoiceStatus } from '../domain/model.ts';

export class InvoiceRepository {
  readonly collection: Collection<InvoiceDoc>;

  constructor(db: Db) {
    this.collection = db.collection<InvoiceDoc>('invoices');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ orderId: 1 }, { unique: true, name: 'order_unique' });
    await this.collection.createIndex({ number: 1 }, { unique: true, name: 'number_unique' });
    await this.collection.createIndex({ companyId: 1, createdAt: 1, _id: 1 }, { name: 'company_created' });
    // The overdue job's scan: open invoices by due date.
    await this.collection.createIndex({ status: 1, dueDate: 1 }, { name: 'status_due' });
  }

  async insert(invoice: InvoiceDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(invoice, { session });
  }

  findById(id: string, session?: ClientSession): Promise<InvoiceDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  list(query: { companyId?: string; status?: InvoiceStatus } & PageRequest): Promise<Page<InvoiceDoc>> {
    const filter: Filter<InvoiceDoc> = {};
    if (query.companyId !== undefined) filter.companyId = query.companyId;
    if (query.status !== undefined) filter.status = query.status;
    return findPage(this.collection, filter, query);
  }

  /** Open invoices whose due date has passed, oldest first. */
  findPastDue(now: Date, limit: number): Promise<InvoiceDoc[]> {
    return this.collection
      .find({ status: 'open', dueDate: { $lt: now } })
      .sort({ dueDate: 1, _id: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * A credit note of `amount` on the invoice (a refund of its payment), in the refund's
   * transaction. An invoice still owed (open / overdue) that is now fully credited is settled
   * (`paid`). Returns the invoice as it was before, or null when unknown.
   */
  async addCreditNote(
    id: string,
    amount: Decimal128,
    at: Date,
    session: ClientSession,
  ): Promise<InvoiceDoc | null> {
    const before = await this.collection.findOneAndUpdate(
      { _id: id },
      { $inc: { creditedAmount: amount } },
      { session, returnDocument: 'before' },
    );
    if (!before) return null;
    await this.collection.updateOne(
      { _id: id, status: { $in: ['open', 'overdue'] }, $expr: { $gte: ['$creditedAmount', '$amount'] } },
      { $set: { status: 'paid', paidAt: at } },
      { session },
    );
    return before;
  }

  /** Conditional: false when the invoice was not in one of `from` any more. */
  async transition(
    id: string,
    from: InvoiceStatus[],
    set: Partial<Pick<InvoiceDoc, 'status' | 'paidAt' | 'overdueAt'>>,
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, status: { $in: from } },
      { $set: set },
      { session },
    );
    return result.modifiedCount === 1;
  }
}
