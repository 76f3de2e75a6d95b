import type { Collection, Db } from 'mongodb';

/**
 * Who placed each order, learnt from the order events this service consumes: payment.refunded
 * names only the order, and services never read each other's collections.
 */
export interface OrderRefDoc {
  _id: string;
  orderNumber: string;
  userId: string;
  companyId: string;
}

export class OrderRefRepository {
  readonly collection: Collection<OrderRefDoc>;

  constructor(db: Db) {
    this.collection = db.collection<OrderRefDoc>('order_refs');
  }

  async remember(ref: {
    orderId: string;
    orderNumber: string;
    userId: string;
    companyId: string;
  }): Promise<void> {
    await this.collection.updateOne(
      { _id: ref.orderId },
      { $set: { orderNumber: ref.orderNumber, userId: ref.userId, companyId: ref.companyId } },
      { upsert: true },
    );
  }

  find(orderId: string): Promise<OrderRefDoc | null> {
    return this.collection.findOne({ _id: orderId });
  }
}
