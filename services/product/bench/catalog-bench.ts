/**
 * Measures, on this machine, in one run (the lead runs it at full size; CI never does):
 *   1. import time of `--import-rows` CSV rows (POST /admin/products/import, straight at the service);
 *   2. GET /api/v1/products?limit=20 and GET /api/v1/products/:sku through the api-gateway, as a
 *      buyer whose company has a price list, over a catalog of `--products` products, with
 *      `--connections` connections: requests/s and p50/p95/p99;
 *   3. side by side, in the same run, a bare Fastify app answering a product page of the same
 *      size (the ceiling of this machine for one Node process);
 *   4. reservations per second: `--orders` order.placed handled at once by the consumer handlers
 *      (each order 1–3 lines on random skus), and the stock checked for oversell afterwards.
 * The database runs in its own process; the load generator (load.ts) in another. Each row also
 * gives the CPU time per request of this process (gateway + product service, or the bare app) and
 * of the database process, which stays meaningful when the machine is shared.
 *
 *   npx tsx services/product/bench/catalog-bench.ts [--products 50000] [--duration 10]
 *     [--connections 50] [--orders 2000] [--import-rows 10000] [--port-base N] [--answer-ttl-ms 2000]
 * With --port-base N the database, product service, gateway and bare app listen on N..N+3 (a shared
 * machine hands each user a port range); without it, on free ports. --db-cpu-prof DIR profiles the
 * database process (the profile is written when it exits at the end).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp as buildGateway, gatewayDefaults } from '@b2b/api-gateway';
import { createMongo } from '@b2b/shared/db';
import { buildEventHandlers, createEvent, type EventHandler } from '@b2b/shared/events';
import { generateServiceCredential } from '@b2b/shared/internal';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { applyCompanySnapshot } from '../src/domain/company-projection.ts';
import { createPriceList } from '../src/domain/price-lists.ts';
import { productEventHandlers } from '../src/events/consumers.ts';
import { createOutboxTransaction } from '../src/events/outbox-transaction.ts';
import { createUnavailableImageStore } from '../src/images/unavailable-store.ts';
import { createTestTokens } from '../test/support/tokens.ts';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '50000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    orders: { type: 'string', default: '2000' },
    'import-rows': { type: 'string', default: '10000' },
    'port-base': { type: 'string', default: '0' },
    /** How long buyers' answers are reused (the service's CATALOG_ANSWER_TTL_MS); 0 measures every request computed. */
    'answer-ttl-ms': { type: 'string', default: '2000' },
    /** Writes a CPU profile of the database process into this directory (node --cpu-prof). */
    'db-cpu-prof': { type: 'string' },
  },
});
const productCount = Number(values.products);
const importRows = Number(values['import-rows']);
const orderCount = Number(values.orders);
const connections = values.connections;
const duration = values.duration;
const portBase = Number(values['port-base']);
/** The n-th port of the range, or 0 (a free one) without --port-base. */
const portAt = (n: number) => (portBase > 0 ? portBase + n : 0);
const log = (line: string) => process.stdout.write(`${line}\n`);

interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const loadScript = fileURLToPath(new URL('./load.ts', import.meta.url));
function load(url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  const args = ['--import', 'tsx', loadScript, url, connections, duration];
  for (const [k, v] of Object.entries(headers)) args.push(`${k}=${v}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load.ts exited ${code}`)),
    );
  });
}

async function startDatabaseProcess(): Promise<{ uri: string; pid: number; close(): void }> {
  const bin = fileURLToPath(new URL('../../../tools/docdb-local/bin/docdb-local.mjs', import.meta.url));
  const profile = values['db-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['db-cpu-prof']}`] : [];
  const child = spawn(process.execPath, [...profile, bin, '--port', String(portAt(0))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /ready (mongodb:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`docdb-local exited with ${code}`)));
  });
  return { uri, pid: child.pid as number, close: () => child.kill('SIGTERM') };
}

/** CPU milliseconds a process has used so far (user + system), from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * A load run with the CPU each process spent per request: on a shared, overloaded machine
 * req/s and latencies mostly measure the neighbours, CPU per request measures this code.
 */
async function measured(url: string, headers: Record<string, string> = {}) {
  const app0 = process.cpuUsage();
  const db0 = cpuMsOf(database.pid);
  const r = await load(url, headers);
  const app = process.cpuUsage(app0);
  const db = cpuMsOf(database.pid) - db0;
  const per = (ms: number) => Math.round((ms / Math.max(1, r.requests)) * 1000) / 1000;
  return { ...r, appCpuMs: per((app.user + app.system) / 1000), dbCpuMs: per(db) };
}

function csv(rows: number, prefix: string): string {
  const lines = ['sku,name,brand,listPrice,onHand,status'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${prefix}-${i},Bench product ${i} ${['bolt', 'glove', 'cable', 'drill'][i % 4]},Brand ${i % 40},${(i % 900) + 1}.${String(i % 100).padStart(2, '0')},${1000 + (i % 50)},active`,
    );
  }
  return lines.join('\n');
}

const database = await startDatabaseProcess();
const mongo = createMongo({ uri: database.uri, dbName: 'product_bench', appName: 'product-bench' });
const tokens = await createTestTokens();
const serviceCredential = generateServiceCredential();
const product = await buildApp({
  db: mongo.db,
  transaction: createOutboxTransaction(mongo.client, mongo.db),
  verifier: tokens.verifier,
  images: createUnavailableImageStore(),
  serviceCredential,
  expiryIntervalMs: 0,
  catalogAnswerTtlMs: Number(values['answer-ttl-ms']),
  logLevel: 'warn',
});
const productUrl = await product.listen({ port: portAt(1), host: '127.0.0.1' });
const admin = { authorization: `Bearer ${await tokens.admin()}` };

async function importCsv(
  body: string,
): Promise<{ ms: number; report: { created: number; updated: number; errors: unknown[] } }> {
  const started = performance.now();
  const res = await fetch(`${productUrl}/admin/products/import`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'text/csv' },
    body,
  });
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
  const report = (await res.json()) as { created: number; updated: number; errors: unknown[] };
  return { ms: Math.round(performance.now() - started), report };
}

// 1. Import time of `importRows` rows, then fill the catalog up to `productCount`.
const timed = await importCsv(csv(importRows, 'IMP'));
log(
  `import of ${importRows} CSV rows: ${timed.ms} ms (${timed.report.created} created, ${timed.report.errors.length} errors)`,
);
for (let done = importRows; done < productCount; done += 10_000) {
  await importCsv(csv(Math.min(10_000, productCount - done), `CAT${done}`));
}
const total = await mongo.db.collection('products').countDocuments({});
log(`catalog: ${total} products`);

// A company price list covering one product in five, assigned to the buyer's company.
const ctx = product.catalog;
const sample = await mongo.db
  .collection<{ sku: string; listPrice: { currency: string } }>('products')
  .find({}, { projection: { sku: 1 } })
  .limit(Math.min(5000, Math.ceil(total / 5)))
  .toArray();
const priceList = await createPriceList(ctx, {
  name: 'Bench contract',
  currency: 'EUR',
  entries: sample.map((p) => ({ sku: p.sku, price: { amount: '0.90', currency: 'EUR' } })),
});
const companyId = `bench-${randomUUID()}`;
await applyCompanySnapshot(ctx, {
  companyId,
  status: 'active',
  currency: 'EUR',
  priceListId: priceList.list._id,
  version: 1,
});
const buyer = { authorization: `Bearer ${await tokens.member(companyId)}` };
const someSku = sample[0]!.sku;

// 2. Through the gateway.
const gateway = await buildGateway({
  config: {
    ...gatewayDefaults,
    upstreams: { product: productUrl },
    corsOrigins: [],
    rateLimit: {
      anonymousPerMinute: 100_000_000,
      userPerMinute: 100_000_000,
      credentialsPerMinute: 100_000_000,
    },
  },
  verifier: tokens.verifier,
  logLevel: 'warn',
});
const gatewayUrl = await gateway.listen({ port: portAt(2), host: '127.0.0.1' });

// 3. The ceiling: bare Fastify answering a body of the same size as one product page.
const page = await (await fetch(`${gatewayUrl}/api/v1/products/${someSku}`, { headers: buyer })).text();
const bare = Fastify({ logger: false });
bare.get('/product', async (_request, reply) => reply.type('application/json').send(page));
const bareUrl = await bare.listen({ port: portAt(3), host: '127.0.0.1' });

const row = (name: string, r: LoadResult & { appCpuMs: number; dbCpuMs: number }) =>
  `${name.padEnd(52)} ${String(r.rps).padStart(7)} req/s   p50 ${r.p50} ms   p95 ${r.p95} ms   p99 ${r.p99} ms   non-2xx ${r.non2xx}   cpu/req: app ${r.appCpuMs} ms, db ${r.dbCpuMs} ms`;
log(`${connections} connections, ${duration} s each`);
await load(`${gatewayUrl}/api/v1/products?limit=20`, buyer); // warm-up
log(
  row(
    'gateway GET /api/v1/products?limit=20 (price list)',
    await measured(`${gatewayUrl}/api/v1/products?limit=20`, buyer),
  ),
);
log(
  row(
    `gateway GET /api/v1/products/${someSku} (price list)`,
    await measured(`${gatewayUrl}/api/v1/products/${someSku}`, buyer),
  ),
);
log(
  row(
    'product service GET /products?limit=20 (direct)',
    await measured(`${productUrl}/products?limit=20`, buyer),
  ),
);
log(row('bare Fastify, same body (ceiling)', await measured(`${bareUrl}/product`)));

// 4. Reservations per second, and no oversell.
const handlers = buildEventHandlers({
  consumer: 'product',
  db: mongo.db,
  handlers: productEventHandlers(ctx),
});
const placed = handlers['order.placed'] as EventHandler;
const skus = sample.slice(0, 200).map((p) => p.sku);
const orders = Array.from({ length: orderCount }, (_, i) =>
  createEvent(
    'order.placed',
    {
      orderId: `bench-${i}-${randomUUID()}`,
      orderNumber: `SO-${i}`,
      companyId,
      userId: 'bench-user',
      items: Array.from({ length: 1 + (i % 3) }, (_, j) => ({
        sku: skus[(i * 7 + j * 13) % skus.length]!,
        quantity: 1 + ((i + j) % 5),
        unitPrice: { amount: '0.90', currency: 'EUR' },
      })).filter((line, j, all) => all.findIndex((l) => l.sku === line.sku) === j),
      total: { amount: '1.00', currency: 'EUR' },
      paymentMethod: 'invoice',
    },
    { source: 'order' },
  ),
);
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (next < orders.length) await placed(orders[next++]! as never);
  }),
);
const seconds = (performance.now() - started) / 1000;
const negative = await mongo.db
  .collection('inventory')
  .countDocuments({ $expr: { $lt: [{ $subtract: ['$onHand', '$reserved'] }, 0] } });
const reservedOrders = await mongo.db.collection('reservations').countDocuments({ status: 'reserved' });
log(
  `reservations: ${orderCount} orders in ${seconds.toFixed(1)} s = ${Math.round(orderCount / seconds)} orders/s ` +
    `(${connections} at once on ${skus.length} skus; ${reservedOrders} reserved, ${orderCount - reservedOrders} rejected; skus below zero: ${negative})`,
);

await bare.close();
await gateway.close();
await product.close();
await mongo.close();
database.close();
