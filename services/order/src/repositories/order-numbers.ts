import type { Collection, Db } from 'mongodb';

interface CounterDoc {
  _id: string;
  seq: number;
}

/**
 * `SO-YYYY-NNNNNN` from one atomic counter per year (findOneAndUpdate $inc with upsert), so two
 * checkouts at the same instant never share a number. Taken outside the order's transaction: a
 * checkout that fails afterwards leaves a gap, never a duplicate.
 */
export class OrderNumberRepository {
  readonly collection: Collection<CounterDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CounterDoc>('counters');
  }

  async ensureIndexes(): Promise<void> {}

  async next(now: Date): Promise<string> {
    const year = now.getUTCFullYear();
    const counter = await this.collection.findOneAndUpdate(
      { _id: `orders-${year}` },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!counter) throw new Error('order number counter did not answer');
    return `SO-${year}-${String(counter.seq).padStart(6, '0')}`;
  }
}
