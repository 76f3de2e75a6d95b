/**
 * The search bench, in one run on this machine:
 *   1. engines: MiniSearch (this service's adapter) and Orama on the same generated catalogue —
 *      index build time, heap held, in-process query latency (engine-comparison.ts);
 *   2. HTTP: GET /api/v1/search and /api/v1/search/suggest through the api-gateway at c=50
 *      (req/s, p50, p95, p99), next to a bare Fastify answering a page-sized JSON (the ceiling).
 * The catalogue is written straight into the search service's index state (as the consumer
 * would), and the service's own feed loads it into the running task.
 *
 *   node --expose-gc --import tsx services/search/bench/search-bench.ts [--products 50000] [--duration 10] [--connections 50]
 *
 * The shared development machine runs it small (--products 2000 --duration 3); the figures in the
 * README say which size they are from.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stockFeedKey } from '@b2b/product/internal-api';
import { DEFAULT_FEED_OVERLAP_MS } from '@b2b/shared/feeds';
import { startPlatform } from '@b2b/test-kit/platform';
import { pollUntil } from '@b2b/test-kit/poll';
import { INDEXED_PRODUCTS_COLLECTION } from '../src/repositories/indexed-products.ts';
import { documentsHeapMiB, type EngineClass, measureMiniSearch, measureOrama } from './engine-comparison.ts';
import { BENCH_QUERIES, BENCH_SUGGEST, generateProducts } from './generate-products.ts';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '50000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'engines-only': { type: 'boolean', default: false },
    // An earlier version of the adapter (a path to its minisearch-engine.ts, e.g. extracted with
    // `git archive <commit> services/search/src`), measured in the same run: before/after.
    baseline: { type: 'string' },
  },
});
const n = Number(values.products);

interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  responses: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

/** Load from a separate process (load.ts) over a mix of URLs on one origin. */
function load(urls: string[]): Promise<LoadResult> {
  const origin = new URL(urls[0]!).origin;
  const spec = {
    origin,
    paths: urls.map((u) => new URL(u).pathname + new URL(u).search),
    connections: Number(values.connections),
    durationSeconds: Number(values.duration),
  };
  const script = fileURLToPath(new URL('./load.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`)),
    );
  });
}

function row(target: string, r: LoadResult) {
  return {
    target,
    'req/s': r.rps,
    'p50 ms': r.p50,
    'p95 ms': r.p95,
    'p99 ms': r.p99,
    'non-2xx': r.non2xx,
    statuses: JSON.stringify(r.statuses),
    errors: r.errors,
  };
}

async function startBareFastify(): Promise<{ url: string; stop(): void }> {
  const script = fileURLToPath(new URL('./bare-fastify.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d) => resolve(String(d).trim())),
  );
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

// 1. Engines, in this process (heap figures need --expose-gc).
const { docs, heapMiB } = documentsHeapMiB(() => generateProducts(n));
console.log(`\n${n} generated products; the documents themselves: ${heapMiB} MiB of heap`);
const engineRows = [];
if (values.baseline) {
  const { MiniSearchEngine: Baseline } = (await import(pathToFileURL(values.baseline).href)) as {
    MiniSearchEngine: EngineClass;
  };
  engineRows.push(await measureMiniSearch(docs, 20, Baseline, `baseline: ${values.baseline}`));
}
engineRows.push(await measureMiniSearch(docs), await measureOrama(docs));
console.table(engineRows);
if (values['engines-only']) process.exit(0);

// 2. HTTP through the gateway, with the real services as processes. Anonymous searches need no
// company prices, but every task follows the product service's stock feed (availability): the
// user service (token keys, revocations), product (stock) and search.
const platform = await startPlatform({
  services: ['user', 'product', 'search'],
  gateway: true,
  // One client IP sends everything: the per-IP limit would measure the rate limiter instead.
  env: { 'api-gateway': { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000' } },
  logLevel: 'warn',
});
try {
  const now = new Date();
  // The index state holds documents without stock; the generated statuses go to the product
  // service's stock, which the stock feed brings to every task.
  const records = docs.map(({ availability: _stock, ...doc }) => ({
    _id: doc.id,
    version: doc.version,
    doc,
    createdAt: new Date(doc.createdAt),
    updatedAt: now,
  }));
  const stock = docs.map((doc) => {
    const onHand = doc.availability === 'out_of_stock' ? 0 : doc.availability === 'low_stock' ? 3 : 100;
    return {
      _id: stockFeedKey(doc.sku),
      sku: doc.sku,
      onHand,
      reserved: 0,
      lowStockThreshold: 5,
      updatedAt: now,
    };
  });
  const inventory = platform.db('product').collection('inventory');
  for (let i = 0; i < stock.length; i += 1000)
    await inventory.insertMany(stock.slice(i, i + 1000) as never[]);
  const collection = platform.db('search').collection(INDEXED_PRODUCTS_COLLECTION);
  for (let i = 0; i < records.length; i += 1000)
    await collection.insertMany(records.slice(i, i + 1000) as never[]);
  const api = `${platform.apiUrl}/api/v1`;
  const started = Date.now();
  await pollUntil(
    async () => {
      const res = await fetch(`${api}/search?limit=1`);
      return res.ok && ((await res.json()) as { total: number }).total === n;
    },
    { timeoutMs: 10 * 60_000, intervalMs: 500, message: `search task holding ${n} products` },
  );
  console.log(`the running task loaded ${n} products from its feed in ${Date.now() - started} ms`);
  // For a few seconds after a bulk write every poll re-reads it (the feed's overlap window for
  // late commits, DEFAULT_FEED_OVERLAP_MS): measure the steady state after it.
  await new Promise((resolve) => setTimeout(resolve, DEFAULT_FEED_OVERLAP_MS + 2_000));

  const bare = await startBareFastify();
  try {
    const searchUrls = BENCH_QUERIES.map((q) => `${api}/search?q=${encodeURIComponent(q)}`);
    const suggestUrls = BENCH_SUGGEST.map((q) => `${api}/search/suggest?q=${encodeURIComponent(q)}`);
    // Each query once before the load: its first answer computes the text match and holds the
    // task's event loop meanwhile (hundreds of ms at 50k on a busy machine), which inside a short
    // window at c=50 would stall every connection behind it. The load then measures repeated
    // queries; the first-time cost is printed here (and in process in the engine table above).
    for (const url of [...searchUrls, ...suggestUrls]) {
      const started = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      console.log(`first answer ${res.status} in ${Math.round(performance.now() - started)} ms: ${url}`);
    }
    console.table([
      row('bare Fastify (ceiling)', await load([bare.url])),
      row('GET /api/v1/search (gateway → search)', await load(searchUrls)),
      row('GET /api/v1/search/suggest (gateway → search)', await load(suggestUrls)),
    ]);
  } finally {
    bare.stop();
  }
} finally {
  await platform.stop();
}
