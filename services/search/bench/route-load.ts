/**
 * The search service's own HTTP path under load, without gateway, database or other services:
 * createService (the platform's Fastify setup: logging, request ids, error handling) with this
 * service's /search routes over an in-memory engine, loaded at c=50 by bench/load.ts (its own
 * process) with the bench's query mix, every answer remembered before the window. On a shared
 * machine read the server's CPU time per response: waiting for a core inflates latency, not it. `--src` points
 * at another copy of src/ (e.g. an earlier commit's, extracted next to this file) for before/after.
 *
 *   node --import tsx services/search/bench/route-load.ts [--products 2000] [--duration 5] [--port 43301]
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { createService } from '@b2b/shared/http';
import { BENCH_QUERIES, BENCH_SUGGEST, benchCategories, generateProducts } from './generate-products.ts';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '5' },
    port: { type: 'string', default: '43301' },
    connections: { type: 'string', default: '50' },
    src: { type: 'string', default: fileURLToPath(new URL('../src/', import.meta.url)) },
  },
});
const src = (path: string) => pathToFileURL(`${values.src.replace(/\/$/, '')}/${path}`).href;
const { MiniSearchEngine } = await import(src('engine/minisearch-engine.ts'));
const { searchRoutes } = await import(src('routes/search.ts'));

const engine = new MiniSearchEngine();
await engine.setCategories(benchCategories());
for (const doc of generateProducts(Number(values.products))) await engine.upsert(doc);
const app = createService({ name: 'search-route-load', logLevel: 'warn' });
await app.register(searchRoutes, {
  prefix: '/search',
  ctx: { engine, prices: { quote: async () => new Map() }, log: { warn: () => {} } },
});
await app.listen({ port: Number(values.port), host: '127.0.0.1' });
const origin = `http://127.0.0.1:${values.port}`;
const searchPaths = BENCH_QUERIES.map((q) => `/search?q=${encodeURIComponent(q)}`).concat('/search');
const suggestPaths = BENCH_SUGGEST.map((q) => `/search/suggest?q=${encodeURIComponent(q)}`);
for (const path of [...searchPaths, ...suggestPaths]) await fetch(origin + path); // remembered from here on

// Asynchronously: the server answers on this process's event loop meanwhile.
const load = async (paths: string[]) =>
  JSON.parse(
    (
      await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('./load.ts', import.meta.url)),
          JSON.stringify({
            origin,
            paths,
            connections: Number(values.connections),
            durationSeconds: Number(values.duration),
          }),
        ],
        { encoding: 'utf8' },
      )
    ).stdout,
  );
// In process first (Fastify's inject: routing, validation, hooks, handler, serialization; no
// sockets), one request at a time: CPU time per request of the service's own path.
const injectCpu = async (paths: string[], rounds: number) => {
  const cpu = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const url of paths) await app.inject({ method: 'GET', url });
  const used = process.cpuUsage(cpu);
  return Math.round((used.user + used.system) / (rounds * paths.length));
};
await injectCpu(searchPaths, 200); // warm-up (JIT)
console.log(
  `inject, CPU µs per request: search ${await injectCpu(searchPaths, 500)}, suggest ${await injectCpu(suggestPaths, 500)}`,
);

/** The load's figures, and this process's CPU time per response: what a loaded machine inflates least. */
const measured = async (paths: string[]) => {
  const cpu = process.cpuUsage();
  const result = await load(paths);
  const used = process.cpuUsage(cpu);
  return { ...result, 'server CPU µs/response': Math.round((used.user + used.system) / result.responses) };
};
console.log(values.src);
console.table({ search: await measured(searchPaths), suggest: await measured(suggestPaths) });
await app.close();
