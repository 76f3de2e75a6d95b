/**
 * What the product service does with the events it consumes. Each handler is idempotent (the
 * handled event id, the state change and the events it causes commit in one transaction), so a
 * redelivered order.placed reserves once and publishes once.
 */
import type { EventType } from '@b2b/shared/catalogue';
import {
  createEvent,
  createOutbox,
  type EventEnvelope,
  type EventHandlers,
  idempotent,
} from '@b2b/shared/events';
import type { Db } from 'mongodb';
import type { CatalogContext, Transaction } from '../domain/context.ts';
import { KeyLocks } from '../domain/key-locks.ts';
import { skuKeyOf } from '../domain/product-rules.ts';
import { commitForOrder, confirmForOrder, releaseForOrder, reserveForOrder } from '../domain/reservations.ts';

/** The event consumer's queue name in the catalogue. */
export const CONSUMER = 'product';

type Work<T extends EventType> = (event: EventEnvelope<T>, tx: Transaction) => Promise<unknown>;

/** `work` runs in the idempotency transaction; events it stages join the same transaction's outbox. */
function handledOnce<T extends EventType>(db: Db, work: Work<T>) {
  const outbox = createOutbox(db);
  return idempotent<T>(db, CONSUMER, async (event, session) => {
    const staged: EventEnvelope[] = [];
    const tx: Transaction = {
      session,
      stage: (type, data) => {
        staged.push(createEvent(type, data, { source: 'product', correlationId: event.correlationId }));
      },
    };
    await work(event, tx);
    for (const e of staged) await outbox.stage(session, e);
  });
}

export function productEventHandlers(ctx: CatalogContext, db: Db): EventHandlers {
  const release: Work<'order.cancelled' | 'order.rejected'> = (event, tx) =>
    releaseForOrder(ctx, tx, event.data.orderId);
  const reserve = handledOnce<'order.placed'>(db, (event, tx) =>
    reserveForOrder(ctx, tx, { orderId: event.data.orderId, items: event.data.items }),
  );
  const skuLocks = new KeyLocks();
  return {
    'order.placed': (event) =>
      skuLocks.run(
        event.data.items.map((i) => skuKeyOf(i.sku)),
        () => reserve(event),
      ),
    'order.confirmed': handledOnce<'order.confirmed'>(db, (event, tx) =>
      confirmForOrder(ctx, tx, event.data.orderId),
    ),
    'order.cancelled': handledOnce<'order.cancelled'>(db, release),
    'order.rejected': handledOnce<'order.rejected'>(db, release),
    'order.shipped': handledOnce<'order.shipped'>(db, (event, tx) =>
      commitForOrder(ctx, tx, event.data.orderId),
    ),
  };
}
