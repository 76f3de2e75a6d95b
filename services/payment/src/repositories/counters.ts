import type { ClientSession, Collection, Db } from 'mongodb';

interface CounterDoc {
  _id: string;
  seq: number;
}

/** Gap-free-enough sequences: one atomic `$inc` per number, so two tasks never draw the same one. */
export class CounterRepository {
  readonly collection: Collection<CounterDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CounterDoc>('counters');
  }

  async next(name: string, session?: ClientSession): Promise<number> {
    const doc = await this.collection.findOneAndUpdate(
      { _id: name },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after', session },
    );
    if (!doc) throw new Error(`counter ${name} did not return a value`);
    return doc.seq;
  }
}
