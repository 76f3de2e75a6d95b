/**
 * Per-query latency of this service's engine adapter at a given size, in process: each bench query
 * cold (first time: text match computed) and warm (repeated: text match cached), and suggestions.
 * Used to decide which optimisation pays; run with --expose-gc for the heap figure.
 *
 *   node --expose-gc --import tsx services/search/bench/engine-profile.ts [--products 50000] [--rounds 30]
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { SearchEngine, SearchQuery } from '../src/engine/port.ts';
import { BENCH_QUERIES, BENCH_SUGGEST, benchCategories, generateProducts } from './generate-products.ts';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '50000' },
    rounds: { type: 'string', default: '30' },
    // Another copy of the adapter (e.g. an earlier commit's, extracted elsewhere): before/after.
    engine: {
      type: 'string',
      default: new URL('../src/engine/minisearch-engine.ts', import.meta.url).pathname,
    },
  },
});
const { MiniSearchEngine } = (await import(pathToFileURL(values.engine).href)) as {
  MiniSearchEngine: new () => SearchEngine;
};
const n = Number(values.products);
const rounds = Number(values.rounds);

const heapMiB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const query = (q: string): SearchQuery => ({
  q,
  categories: [],
  brands: [],
  sort: 'relevance',
  offset: 0,
  limit: 20,
});
const ms = (t: number) => Math.round(t * 100) / 100;

const docs = generateProducts(n);
const before = heapMiB();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const engine = new MiniSearchEngine();
await engine.setCategories(benchCategories());
for (const doc of docs) await engine.upsert(doc);
const cpu = process.cpuUsage(cpuBefore);
console.log(
  `${values.engine}\n${n} products: build ${Math.round(performance.now() - started)} ms wall, ` +
    `${Math.round((cpu.user + cpu.system) / 1000)} ms CPU, index heap ${Math.round(heapMiB() - before)} MiB`,
);

const rows = [];
for (const q of [...BENCH_QUERIES, '']) {
  let t = performance.now();
  const cpu = process.cpuUsage();
  const first = await engine.search(query(q));
  const cold = performance.now() - t;
  const coldCpu = process.cpuUsage(cpu);
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) {
    t = performance.now();
    await engine.search(query(q));
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  // The same query right after a stock change: whatever survives a change that is not a text
  // change (the text match, in the adapter with caches) is reused, the rest is recomputed.
  const afterStock: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // One product flipping between two statuses: every call is a real change.
    await engine.setAvailability(docs[0]!.id, i % 2 === 0 ? 'out_of_stock' : 'low_stock');
    t = performance.now();
    await engine.search(query(q));
    afterStock.push(performance.now() - t);
  }
  afterStock.sort((a, b) => a - b);
  // The same query right after a product it cannot match was added (the catalogue's steady
  // trickle of updates): an adapter that empties its caches on every change recomputes it.
  const afterUnrelated: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await engine.upsert({
      ...docs[0]!,
      id: `unrelated-${q}-${i}`,
      sku: `ZQ-${i}`,
      name: `Qwzx ${i}`,
      description: '',
      attributes: {},
    });
    t = performance.now();
    await engine.search(query(q));
    afterUnrelated.push(performance.now() - t);
  }
  afterUnrelated.sort((a, b) => a - b);
  rows.push({
    q,
    total: first.total,
    top: first.hits[0]?.doc.name,
    'cold ms': ms(cold),
    // CPU time is what to read on a busy machine: wall time includes waiting for a core.
    'cold CPU ms': ms((coldCpu.user + coldCpu.system) / 1000),
    'warm p50 ms': ms(warm[Math.floor(rounds / 2)]!),
    'warm max ms': ms(warm.at(-1)!),
    'after stock change p50 ms': ms(afterStock[Math.floor(rounds / 2)]!),
    'after unrelated add p50 ms': ms(afterUnrelated[Math.floor(rounds / 2)]!),
  });
}
for (const q of BENCH_SUGGEST) {
  let t = performance.now();
  const first = await engine.suggest(q, 10);
  const cold = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) {
    t = performance.now();
    await engine.suggest(q, 10);
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  rows.push({
    q: `suggest ${q}`,
    total: first.length,
    top: first[0]?.text,
    'cold ms': ms(cold),
    'warm p50 ms': ms(warm[Math.floor(rounds / 2)]!),
    'warm max ms': ms(warm.at(-1)!),
  });
}
console.table(rows);

// What a change costs, and what it leaves, with the caches full: 1,000 distinct remembered queries
// (words of the catalogue's names), then updates of products as a trickle would bring them.
const words = [...new Set(docs.flatMap((d) => d.name.toLowerCase().split(/[^a-z0-9]+/)))].filter(
  (w) => w.length > 2,
);
const remembered = Array.from(
  { length: 1_000 },
  (_, i) => `${words[i % words.length]} ${words[(i * 7 + 3) % words.length]}`,
);
for (const q of remembered) await engine.search(query(q));
const changeRows = [];
for (const [kind, change] of [
  ['renamed (text change)', (i: number) => ({ ...docs[i]!, name: `${docs[i]!.name} v${i}` })],
  [
    'repriced (no text change)',
    (i: number) => ({ ...docs[i]!, listPrice: { amount: `${i + 1}.00`, currency: 'EUR' } }),
  ],
] as const) {
  const times: number[] = [];
  let kept = 0;
  for (let i = 1; i <= 100; i++) {
    // One remembered query: the same (frozen) answer after the change when it could not reach it.
    const q = remembered[(i * 13) % remembered.length]!;
    const answer = await engine.search(query(q));
    const t = performance.now();
    await engine.upsert(change(i));
    times.push(performance.now() - t);
    if ((await engine.search(query(q))) === answer) kept++;
  }
  times.sort((a, b) => a - b);
  changeRows.push({
    change: kind,
    'upsert p50 ms': ms(times[50]!),
    'upsert max ms': ms(times.at(-1)!),
    'a remembered query still remembered after it': `${kept}/100`,
  });
}
console.table(changeRows);
