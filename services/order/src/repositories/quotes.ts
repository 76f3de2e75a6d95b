import { defineSorts, findPage } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, Filter, UpdateFilter } from 'mongodb';
import type { StoredMoney } from '../domain/model.ts';

export const quoteStatuses = ['requested', 'offered', 'accepted', 'declined', 'expired'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

export interface QuoteRequestLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  targetPrice: StoredMoney | null;
}

export interface QuoteOfferLine {
  sku: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: StoredMoney;
  lineTotal: StoredMoney;
}

export interface QuoteOffer {
  items: QuoteOfferLine[];
  /** Sum of the lines, before shipping and tax (those are the order's, when it is accepted). */
  subtotal: StoredMoney;
  validUntil: Date;
  message: string | null;
  offeredBy: string;
  offeredAt: Date;
}

export interface QuoteMessage {
  id: string;
  authorId: string;
  /** The buyer's company or the supplier's staff. */
  side: 'buyer' | 'supplier';
  text: string;
  at: Date;
}

export interface QuoteDoc {
  _id: string;
  number: string;
  companyId: string;
  /** The requester. */
  userId: string;
  status: QuoteStatus;
  items: QuoteRequestLine[];
  note: string | null;
  offer: QuoteOffer | null;
  messages: QuoteMessage[];
  orderId: string | null;
  orderNumber: string | null;
  declineReason: string | null;
  history: { status: QuoteStatus; at: Date; by: string | null }[];
  createdAt: Date;
  updatedAt: Date;
}

const newestFirst = defineSorts({ newest: { createdAt: -1 } }, 'newest');

export class QuoteRepository {
  readonly collection: Collection<QuoteDoc>;

  constructor(db: Db) {
    this.collection = db.collection<QuoteDoc>('quotes');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ number: 1 }, { unique: true, name: 'quote_number_unique' });
    await this.collection.createIndex({ companyId: 1, createdAt: -1 }, { name: 'company_quotes' });
    await this.collection.createIndex({ status: 1, createdAt: -1 }, { name: 'quote_queue' });
    // The expiry job: offers past their validity.
    await this.collection.createIndex({ status: 1, 'offer.validUntil': 1 }, { name: 'offer_validity' });
  }

  async insert(doc: QuoteDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(doc, { session });
  }

  findById(id: string): Promise<QuoteDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  findInCompany(id: string, companyId: string): Promise<QuoteDoc | null> {
    return this.collection.findOne({ _id: id, companyId });
  }

  list(
    query: { companyId?: string; userId?: string; status?: QuoteStatus },
    page: { page: number; limit: number },
  ) {
    const filter: Filter<QuoteDoc> = {};
    if (query.companyId) filter.companyId = query.companyId;
    if (query.userId) filter.userId = query.userId;
    if (query.status) filter.status = query.status;
    return findPage(this.collection, filter, page, newestFirst);
  }

  /**
   * The quote's state machine's one write: moves it only if it is still in one of `from` (and
   * matches `extra`). Null when another write got there first.
   */
  transition(
    id: string,
    from: readonly QuoteStatus[],
    change: {
      status?: QuoteStatus;
      set?: Partial<QuoteDoc>;
      push?: UpdateFilter<QuoteDoc>['$push'];
      by: string | null;
    },
    now: Date,
    session?: ClientSession,
    extra: Filter<QuoteDoc> = {},
  ): Promise<QuoteDoc | null> {
    const push: Record<string, unknown> = { ...(change.push ?? {}) };
    if (change.status) push['history'] = { status: change.status, at: now, by: change.by };
    return this.collection.findOneAndUpdate(
      { _id: id, status: { $in: [...from] }, ...extra },
      {
        $set: { ...(change.set ?? {}), ...(change.status ? { status: change.status } : {}), updatedAt: now },
        ...(Object.keys(push).length > 0 ? { $push: push as never } : {}),
      },
      { returnDocument: 'after', session },
    );
  }

  /** Offers past `validUntil` (the expiry job), oldest first. */
  pastValidity(now: Date, limit: number): Promise<QuoteDoc[]> {
    return this.collection
      .find({ status: 'offered', 'offer.validUntil': { $lt: now } })
      .sort({ 'offer.validUntil': 1 })
      .limit(limit)
      .toArray();
  }
}
