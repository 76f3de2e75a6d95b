/**
 * Manual measurement (not part of the test suite): document-store bus throughput and latency on
 * the embedded server. Run: node --import tsx shared/test/events-support/bench-docstore.ts
 */
import { startEmbeddedServer } from '@b2b/docdb-local';
import { createDocStoreEventBus, createEvent } from '@b2b/shared/events';
import { MongoClient } from 'mongodb';

const count = Number(process.env.BENCH_EVENTS ?? 1000);
const server = await startEmbeddedServer();
const client = await MongoClient.connect(server.uri);
const bus = createDocStoreEventBus({ db: client.db('eventbus_bench') });
const events = Array.from({ length: count }, (_, i) =>
  createEvent(
    'inventory.reserved',
    { orderId: `o-${i}`, items: [{ sku: 's', quantity: 1 }] },
    { source: 'product' },
  ),
);

let started = performance.now();
for (const e of events) await bus.publish(e);
const publishMs = performance.now() - started;

for (const concurrency of [1, 4, 16]) {
  const db = client.db(`eventbus_bench_${concurrency}`);
  const b = createDocStoreEventBus({ db });
  for (const e of events) await b.publish(e);
  let handled = 0;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => {
    resolveDone = r;
  });
  started = performance.now();
  const consumer = b.consume(
    'order',
    {
      'inventory.reserved': async () => {
        if (++handled === count) resolveDone();
      },
    },
    { concurrency },
  );
  await done;
  const ms = performance.now() - started;
  await consumer.stop();
  console.log(
    `consume concurrency=${concurrency}: ${count} events in ${ms.toFixed(0)} ms (${((count / ms) * 1000).toFixed(0)}/s)`,
  );
}

// Latency publish → handler on an idle consumer woken in-process.
{
  const b = createDocStoreEventBus({ db: client.db('eventbus_latency') });
  const latencies: number[] = [];
  let pending: (() => void) | undefined;
  const consumer = b.consume('order', {
    'inventory.reserved': async (e) => {
      latencies.push(Date.now() - Date.parse(e.occurredAt));
      pending?.();
    },
  });
  for (let i = 0; i < 50; i++) {
    const handled = new Promise<void>((r) => {
      pending = r;
    });
    await b.publish(
      createEvent('inventory.reserved', { orderId: `l-${i}`, items: [] }, { source: 'product' }),
    );
    await handled;
  }
  await consumer.stop();
  latencies.sort((a, b2) => a - b2);
  console.log(`publish→handler latency (same process): p50 ${latencies[25]} ms, p99 ${latencies[49]} ms`);
}
console.log(
  `publish: ${count} events (1 consumer queue each) in ${publishMs.toFixed(0)} ms (${((count / publishMs) * 1000).toFixed(0)}/s)`,
);
await client.close();
await server.close();
