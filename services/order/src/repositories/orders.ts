import { defineSorts, findPage } from '@b2b/shared/db';
import type { ClientSession, Collection, Db, Filter, UpdateFilter } from 'mongodb';
import type { HistoryEntry, OrderDoc, OrderStatus } from '../domain/model.ts';

/** Newest first: what a buyer and an operator look for. */
const newestFirst = defineSorts({ newest: { createdAt: -1 } }, 'newest');

export interface OrderListQuery {
  companyId?: string;
  userId?: string;
  status?: OrderStatus;
  from?: Date;
  to?: Date;
  page: number;
  limit: number;
}

export class OrderRepository {
  readonly collection: Collection<OrderDoc>;

  constructor(db: Db) {
    this.collection = db.collection<OrderDoc>('orders');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ orderNumber: 1 }, { unique: true, name: 'order_number_unique' });
    await this.collection.createIndex({ companyId: 1, createdAt: 1 }, { name: 'company_orders' });
    await this.collection.createIndex({ userId: 1, createdAt: 1 }, { name: 'buyer_orders' });
    await this.collection.createIndex({ createdAt: 1 }, { name: 'created' });
    // The stale-order job: pending orders past their deadline.
    await this.collection.createIndex({ status: 1, pendingDeadline: 1 }, { name: 'pending_deadline' });
  }

  async insert(order: OrderDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(order, { session });
  }

  findById(id: string, session?: ClientSession): Promise<OrderDoc | null> {
    return this.collection.findOne({ _id: id }, { session });
  }

  /** Company-scoped read: another company's order is not found. */
  findInCompany(id: string, companyId: string): Promise<OrderDoc | null> {
    return this.collection.findOne({ _id: id, companyId });
  }

  list(query: OrderListQuery): Promise<{ items: OrderDoc[]; total: number }> {
    const filter: Filter<OrderDoc> = {};
    if (query.companyId) filter.companyId = query.companyId;
    if (query.userId) filter.userId = query.userId;
    if (query.status) filter.status = query.status;
    if (query.from || query.to) {
      filter.createdAt = {
        ...(query.from ? { $gte: query.from } : {}),
        ...(query.to ? { $lt: query.to } : {}),
      };
    }
    return findPage(this.collection, filter, { page: query.page, limit: query.limit }, newestFirst);
  }

  /**
   * The state machine's one write: moves the order only if it is still in one of `from` (and
   * matches `extra`), appending its history entry. Null when another write got there first.
   */
  transition(
    id: string,
    from: readonly OrderStatus[],
    change: {
      status?: OrderStatus;
      set?: Partial<OrderDoc>;
      history?: HistoryEntry;
      push?: UpdateFilter<OrderDoc>['$push'];
    },
    now: Date,
    session?: ClientSession,
    extra: Filter<OrderDoc> = {},
  ): Promise<OrderDoc | null> {
    const push: Record<string, unknown> = { ...(change.push ?? {}) };
    if (change.history) push['history'] = change.history;
    return this.collection.findOneAndUpdate(
      { _id: id, status: { $in: [...from] }, ...extra },
      {
        $set: { ...(change.set ?? {}), ...(change.status ? { status: change.status } : {}), updatedAt: now },
        ...(Object.keys(push).length > 0 ? { $push: push as never } : {}),
      },
      { returnDocument: 'after', session },
    );
  }

  /**
   * The buyer's orders held only because their member snapshot had not arrived (`buyer_unknown`)
   * and not approved by anyone yet: decided again when it arrives (order-placement.ts).
   */
  heldForUnknownBuyer(userId: string, session?: ClientSession): Promise<OrderDoc[]> {
    return this.collection
      .find(
        { userId, status: 'awaiting_approval', approvalReasons: ['buyer_unknown'], approvals: { $size: 0 } },
        { session },
      )
      .limit(100)
      .toArray();
  }

  /** Pending orders whose saga deadline has passed (the stale-order job), oldest first. */
  stalePending(now: Date, limit: number): Promise<OrderDoc[]> {
    return this.collection
      .find({ status: 'pending', pendingDeadline: { $lt: now } })
      .sort({ pendingDeadline: 1 })
      .limit(limit)
      .toArray();
  }
}
