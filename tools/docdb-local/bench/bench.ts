/**
 * Throughput through the official driver against docdb-local running as its own process (as
 * `npm start` runs it): insertOne, findOne by _id, findOne by an indexed field and updateOne
 * $inc, at 1 and 16 concurrent operations, on a collection of 100,000 documents.
 *
 *   npx tsx tools/docdb-local/bench/bench.ts [--docs 100000] [--seconds 1]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';

const { values } = parseArgs({ options: { docs: { type: 'string' }, seconds: { type: 'string' } } });
const DOCS = Number(values.docs ?? 100_000);
/** Seconds per measurement (each case is measured 3 times at each concurrency). */
const SECONDS = Number(values.seconds ?? 1);

const bin = path.resolve(import.meta.dirname, '../bin/docdb-local.mjs');
const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const uri = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout }).once('line', (line) => {
    const m = /^ready (\S+)$/.exec(line);
    if (m) resolve(m[1] as string);
    else reject(new Error(`unexpected output: ${line}`));
  });
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

interface Item {
  _id: number;
  sku: string;
  qty: number;
  name: string;
}

const client = new MongoClient(uri, { maxPoolSize: 32 });
await client.connect();
const coll = client.db('bench').collection<Item>('items');
await coll.createIndex({ sku: 1 }, { unique: true });
const loadStart = performance.now();
for (let i = 0; i < DOCS; i += 1000) {
  const batch: Item[] = [];
  for (let j = i; j < Math.min(DOCS, i + 1000); j++)
    batch.push({ _id: j, sku: `SKU-${j}`, qty: 0, name: `item ${j}` });
  await coll.insertMany(batch, { ordered: false });
}
console.log(`loaded ${DOCS} documents in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

let nextId = DOCS;
const randomId = () => Math.floor(Math.random() * DOCS);
// Writes that grow the heap go last in each round, so the server's garbage collection after
// them does not land on the next case's timing.
const cases: Record<string, () => Promise<unknown>> = {
  'findOne by _id': () => coll.findOne({ _id: randomId() }),
  'findOne by indexed field': () => coll.findOne({ sku: `SKU-${randomId()}` }),
  'updateOne $inc': () => coll.updateOne({ _id: randomId() }, { $inc: { qty: 1 } }),
  insertOne: () => {
    const id = nextId++;
    return coll.insertOne({ _id: id, sku: `SKU-${id}`, qty: 0, name: `item ${id}` });
  },
};

async function measure(op: () => Promise<unknown>, concurrency: number): Promise<number> {
  // Warm up connections and the JIT, and let the previous case's garbage settle, before timing.
  const warm = performance.now() + 250;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warm) await op();
    }),
  );
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await op();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

// Cases take turns over several rounds and report their median, so a burst of load from other
// processes on a shared machine skews one sample, not a whole row.
const ROUNDS = 3;
const samples = new Map<string, { one: number[]; sixteen: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, op] of Object.entries(cases)) {
    const s = samples.get(name) ?? { one: [], sixteen: [] };
    s.one.push(await measure(op, 1));
    s.sixteen.push(await measure(op, 16));
    samples.set(name, s);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const results = [...samples].map(([operation, s]) => ({
  operation,
  'c=1 ops/s': Math.round(median(s.one)),
  'c=16 ops/s': Math.round(median(s.sixteen)),
}));
console.table(results);
const byId = results.find((r) => r.operation === 'findOne by _id');
const bySku = results.find((r) => r.operation === 'findOne by indexed field');
if (byId && bySku) {
  console.log(
    `indexed/_id ratio: c=1 ${(bySku['c=1 ops/s'] / byId['c=1 ops/s']).toFixed(2)}, c=16 ${(bySku['c=16 ops/s'] / byId['c=16 ops/s']).toFixed(2)}`,
  );
}
await client.close();
child.kill('SIGTERM');
