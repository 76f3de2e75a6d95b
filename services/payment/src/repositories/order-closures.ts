import type { ClientSession, Collection, Db } from 'mongodb';
import type { OrderClosureDoc } from '../domain/model.ts';

/** Tombstones of cancelled and rejected orders (see OrderClosureDoc). */
export class OrderClosureRepository {
  readonly collection: Collection<OrderClosureDoc>;

  constructor(db: Db) {
    this.collection = db.collection<OrderClosureDoc>('order_closures');
  }

  async ensureIndexes(): Promise<void> {
    // Keyed by order id.
  }

  /** Idempotent: the first closure of an order is kept. */
  async record(closure: OrderClosureDoc, session?: ClientSession): Promise<void> {
    const { _id, ...fields } = closure;
    await this.collection.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true, session });
  }

  async isClosed(orderId: string, session?: ClientSession): Promise<boolean> {
    return (await this.collection.findOne({ _id: orderId }, { session, projection: { _id: 1 } })) !== null;
  }
}
