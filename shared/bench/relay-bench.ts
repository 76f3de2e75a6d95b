/**
 * The outbox relay alone, in one process on the embedded server: `--writers` tasks each commit
 * `--events` order.placed events one transaction at a time (as checkouts do), the relay publishes
 * them to the document-store bus (three consumer queues each). Prints staged → published latency
 * (the relay's hop of the saga) and the wall time. A same-conditions A/B of relay changes takes
 * seconds, where the platform bench takes minutes on a loaded machine:
 *
 *   npx tsx shared/bench/relay-bench.ts [--writers 10] [--events 30]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startEmbeddedServer } from '@b2b/docdb-local';
import {
  createDocStoreEventBus,
  createEvent,
  OUTBOX_COLLECTION,
  type OutboxRecord,
  startOutboxRelay,
  withOutbox,
} from '@b2b/shared/events';
import { MongoClient } from 'mongodb';

const { values } = parseArgs({
  options: { writers: { type: 'string', default: '10' }, events: { type: 'string', default: '30' } },
});
const writers = Number(values.writers);
const perWriter = Number(values.events);

const server = await startEmbeddedServer({});
const client = new MongoClient(server.uri);
await client.connect();
try {
  const db = client.db(`order_${randomUUID().slice(0, 8)}`);
  const busDb = client.db(`eventbus_${randomUUID().slice(0, 8)}`);
  await db.createCollection(OUTBOX_COLLECTION);
  const bus = createDocStoreEventBus({ db: busDb });
  const relay = startOutboxRelay({ db, bus });
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        const orderNumber = `SO-2026-${String(w * perWriter + i).padStart(6, '0')}`;
        await withOutbox(client, db, async (_session, stage) =>
          stage(
            createEvent(
              'order.placed',
              {
                orderId: randomUUID(),
                orderNumber,
                companyId: 'c-1',
                userId: 'u-1',
                items: [{ sku: 'SKU-1', quantity: 1, unitPrice: { amount: '12.50', currency: 'EUR' } }],
                total: { amount: '12.50', currency: 'EUR' },
                paymentMethod: 'invoice',
              },
              { source: 'order' },
            ),
          ),
        );
      }
    }),
  );
  const outbox = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
  const total = writers * perWriter;
  const deadline = Date.now() + 120_000;
  while ((await outbox.countDocuments({ status: 'sent' })) < total) {
    if (Date.now() > deadline) throw new Error('relay did not send everything within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const wallS = (performance.now() - begun) / 1_000;
  await relay.stop();
  const rows = await outbox.find({}, { projection: { createdAt: 1, sentAt: 1 } }).toArray();
  const ms = rows.map((r) => (r.sentAt?.getTime() ?? 0) - r.createdAt.getTime()).sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))];
  process.stdout.write(
    `relay: ${total} events from ${writers} writers; staged → published p50 ${at(50)} p95 ${at(95)} max ${ms.at(-1)} ms; ${wallS.toFixed(1)} s wall (${(total / wallS).toFixed(0)} events/s)\n`,
  );
} finally {
  await client.close();
  await server.close();
}
