import type { ClientSession, Collection, Db } from 'mongodb';
import type { ReservationDoc, ReservationStatus } from '../domain/model.ts';

export class ReservationRepository {
  readonly collection: Collection<ReservationDoc>;

  constructor(db: Db) {
    this.collection = db.collection<ReservationDoc>('reservations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ status: 1, expiresAt: 1 }, { name: 'status_expiry' });
  }

  findByOrderId(orderId: string, session?: ClientSession): Promise<ReservationDoc | null> {
    return this.collection.findOne({ _id: orderId }, { session });
  }

  async insert(reservation: ReservationDoc, session?: ClientSession): Promise<void> {
    await this.collection.insertOne(reservation, { session });
  }

  /** A claimed reservation whose lines fell short (in the claiming transaction). */
  async markRejected(
    orderId: string,
    short: ReservationDoc['short'],
    now: Date,
    session: ClientSession,
  ): Promise<void> {
    await this.collection.updateOne(
      { _id: orderId },
      { $set: { status: 'rejected', short, updatedAt: now } },
      { session },
    );
  }

  /** Moves the reservation on if it is still in one of the `from` states; whether it did. */
  async transition(
    orderId: string,
    from: ReservationStatus[],
    to: ReservationStatus,
    now: Date,
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: orderId, status: { $in: from } },
      { $set: { status: to, updatedAt: now } },
      { session },
    );
    return result.modifiedCount === 1;
  }

  /** Order ids of reservations still unconfirmed past their expiry. */
  async expiredIds(now: Date, limit: number): Promise<string[]> {
    const docs = await this.collection
      .find({ status: 'reserved', expiresAt: { $lte: now } }, { projection: { _id: 1 } })
      .limit(limit)
      .toArray();
    return docs.map((d) => d._id);
  }
}
