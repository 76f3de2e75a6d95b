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

  /** `SO-YYYY-NNNNNN`; `series: 'quotes'` gives quote numbers `RFQ-YYYY-NNNNNN` from their own counter. */
  async next(now: Date, series: 'orders' | 'quotes' = 'orders'): Promise<string> {
    const year = now.getUTCFullYear();
    const counter = await this.collection.findOneAndUpdate(
      { _id: `${series}-${year}` },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!counter) throw new Error(`${series} number counter did not answer`);
    return `${series === 'orders' ? 'SO' : 'RFQ'}-${year}-${String(counter.seq).padStart(6, '0')}`;
  }
}
