/**
 * The index state under at-least-once, out-of-order and concurrent delivery: the kit's consumer
 * handlers (idempotency record + state change in one transaction) around "apply if newer".
 */

import { randomUUID } from 'node:crypto';
import { startEmbeddedServer } from '@b2b/docdb-local';
import { createMongo, type Mongo } from '@b2b/shared/db';
import {
  buildEventHandlers,
  createEvent,
  type EventHandlers,
  ensureEventConsumerIndexes,
} from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndexStateContext } from '../src/domain/index-state.ts';
import { productEventHandlers } from '../src/events/product-events.ts';
import { IndexedProductRepository } from '../src/repositories/indexed-products.ts';
import { productSnapshot } from './support/products.ts';

let server: { uri: string; close(): Promise<void> };
let mongo: Mongo;
let handlers: EventHandlers;
let records: IndexedProductRepository;

beforeAll(async () => {
  server = await startEmbeddedServer();
  mongo = createMongo({
    uri: server.uri,
    dbName: `search_state_${randomUUID().slice(0, 8)}`,
    appName: 'test',
  });
  await ensureEventConsumerIndexes(mongo.db);
  handlers = buildEventHandlers({
    consumer: 'search',
    db: mongo.db,
    handlers: productEventHandlers(createIndexStateContext(mongo.db)),
  });
  records = new IndexedProductRepository(mongo.db);
});
afterAll(async () => {
  await mongo?.close();
  await server?.close();
});

type ProductEvent = ReturnType<typeof createEvent<'product.updated'>>;
const deliver = (event: ProductEvent) => (handlers[event.type] as (e: ProductEvent) => Promise<void>)(event);
const updated = (p: ReturnType<typeof productSnapshot>) =>
  createEvent('product.updated', p, { source: 'product' });

describe('index state', () => {
  it('the same event delivered twice is applied once', async () => {
    const p = productSnapshot({ name: 'Ball valve DN25' });
    const event = createEvent('product.created', p, { source: 'product' }) as unknown as ProductEvent;
    await deliver(event);
    const first = await records.findById(p.productId);
    await deliver(event);
    expect(await records.findById(p.productId)).toEqual(first);
    expect(await mongo.db.collection('processed_events').countDocuments({ eventId: event.id })).toBe(1);
  });

  it('an older version arriving late changes nothing; a newer one wins', async () => {
    const p = productSnapshot({ name: 'Ball valve DN32', version: 5 });
    await deliver(updated(p));
    await deliver(updated({ ...p, name: 'stale name', version: 4 }));
    expect((await records.findById(p.productId))?.doc?.name).toBe('Ball valve DN32');
    await deliver(updated({ ...p, name: 'Ball valve DN32 PN40', version: 6 }));
    expect((await records.findById(p.productId))?.doc?.name).toBe('Ball valve DN32 PN40');
  });

  it('concurrent deliveries of several versions (and duplicates) end at the newest', async () => {
    const p = productSnapshot({ name: 'v0', version: 1 });
    const events = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => updated({ ...p, name: `v${v}`, version: v }));
    // Every version twice, all at once, in a shuffled order.
    const all = [...events, ...events].sort(() => Math.random() - 0.5);
    const outcomes = await Promise.allSettled(all.map(deliver));
    expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []))).toEqual([]);
    const record = await records.findById(p.productId);
    expect(record).toMatchObject({ version: 8, doc: { name: 'v8', version: 8 } });
    expect(
      await mongo.db
        .collection('processed_events')
        .countDocuments({ eventId: { $in: events.map((e) => e.id) } }),
    ).toBe(8);
  });

  it('archiving leaves a tombstone with the version; first-seen time survives updates', async () => {
    const p = productSnapshot({ name: 'Hose clamp', version: 1 });
    await deliver(updated(p));
    const created = (await records.findById(p.productId))!.createdAt;
    await deliver(
      createEvent(
        'product.archived',
        { ...p, status: 'archived', version: 2 },
        { source: 'product' },
      ) as unknown as ProductEvent,
    );
    expect(await records.findById(p.productId)).toMatchObject({ version: 2, doc: null, createdAt: created });
    // Positive control: the same product active again at a newer version is a document again.
    await deliver(updated({ ...p, version: 3 }));
    expect((await records.findById(p.productId))?.doc?.name).toBe('Hose clamp');
  });
});
