import { randomUUID } from 'node:crypto';
import { defineSorts, findPage, type Page, type PageRequest } from '@b2b/shared/db';
import { type Collection, type Db, type Filter, MongoServerError } from 'mongodb';

export type Channel = 'email' | 'sms' | 'in_app';
export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'suppressed';
/** Why a message was not sent: the recipient opted out, or SES reported the address (suppressions). */
export type SuppressedBecause = 'opted_out' | 'bounced' | 'complained';

/**
 * One message: (event, recipient, channel). It is both the delivery log and the claim that makes a
 * message go out at most once: `_id` is that triple, so a second delivery of the event finds it.
 */
export interface DeliveryDoc {
  _id: string;
  eventId: string;
  eventType: string;
  template: string;
  channel: Channel;
  /** Email address, E.164 phone number, or the user id for the in-app inbox. */
  to: string;
  userId: string | null;
  status: DeliveryStatus;
  attempts: number;
  error?: string;
  /** Set on `suppressed` records. */
  reason?: SuppressedBecause;
  providerMessageId?: string;
  /** Which send holds a `sending` record: a send whose claim was taken over can still mark it. */
  holder: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewDelivery = Omit<
  DeliveryDoc,
  '_id' | 'status' | 'attempts' | 'holder' | 'createdAt' | 'updatedAt'
>;

export function deliveryKey(eventId: string, recipientKey: string, channel: Channel): string {
  return `${eventId}:${recipientKey}:${channel}`;
}

export interface DeliverySearch extends PageRequest {
  channel?: Channel;
  status?: DeliveryStatus;
  to?: string;
  eventType?: string;
}

/** Why a `sending` record found by a later delivery is not sent again. */
export const INTERRUPTED_SEND =
  'interrupted while sending (process stopped before the outcome was recorded); not resent, as the provider cannot deduplicate';

export class DeliveryRepository {
  readonly collection: Collection<DeliveryDoc>;

  constructor(db: Db) {
    this.collection = db.collection<DeliveryDoc>('deliveries');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ createdAt: -1, _id: -1 }, { name: 'log_newest' });
    await this.collection.createIndex({ to: 1, createdAt: -1, _id: -1 }, { name: 'log_recipient' });
  }

  /**
   * Claims the message for sending: `{holder}` when this call may send it, `null` when it was
   * already handled (sent, failed, suppressed) or an earlier send was interrupted (then it is
   * recorded as failed here, not repeated).
   */
  async claim(id: string, fields: NewDelivery, now: Date): Promise<{ holder: string } | null> {
    const holder = randomUUID();
    try {
      await this.collection.insertOne({
        _id: id,
        ...fields,
        status: 'sending',
        attempts: 0,
        holder,
        createdAt: now,
        updatedAt: now,
      });
      return { holder };
    } catch (err) {
      if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
    }
    // Only one delivery of an event runs at a time (the event's side-effect claim), so a record
    // still `sending` belongs to a send that stopped between the provider call and this mark.
    await this.collection.updateOne(
      { _id: id, status: 'sending' },
      { $set: { status: 'failed', error: INTERRUPTED_SEND, updatedAt: now } },
    );
    return null;
  }

  /** The outcome of a claimed send (matched by holder, so an interrupted-then-finished send still counts). */
  async finish(
    id: string,
    holder: string,
    outcome: { status: 'sent' | 'failed'; attempts: number; error?: string; providerMessageId?: string },
    now: Date,
  ): Promise<void> {
    await this.collection.updateOne(
      { _id: id, holder },
      outcome.status === 'sent'
        ? { $set: { ...outcome, updatedAt: now }, $unset: { error: '' } }
        : { $set: { ...outcome, updatedAt: now } },
    );
  }

  /** A message decided without sending (suppressed by preferences, failed before any call); first wins. */
  async record(
    id: string,
    fields: NewDelivery,
    outcome: {
      status: 'suppressed' | 'failed' | 'sent';
      error?: string;
      reason?: SuppressedBecause;
      attempts?: number;
    },
    now: Date,
  ): Promise<boolean> {
    try {
      await this.collection.insertOne({
        _id: id,
        ...fields,
        attempts: outcome.attempts ?? 0,
        status: outcome.status,
        ...(outcome.error ? { error: outcome.error } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        holder: '',
        createdAt: now,
        updatedAt: now,
      });
      return true;
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) return false;
      throw err;
    }
  }

  search(query: DeliverySearch): Promise<Page<DeliveryDoc>> {
    const filter: Filter<DeliveryDoc> = {};
    if (query.channel) filter.channel = query.channel;
    if (query.status) filter.status = query.status;
    if (query.to) filter.to = query.to;
    if (query.eventType) filter.eventType = query.eventType;
    return findPage(this.collection, filter, query, newestFirst);
  }
}

const newestFirst = defineSorts({ newest: { createdAt: -1 } }, 'newest');
