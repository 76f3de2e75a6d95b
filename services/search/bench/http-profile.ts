/**
 * Where a remembered search answer's time goes on the service's own HTTP path, in process, per
 * stage: the engine lookup, the domain (prices for the page), the response views, and the JSON
 * serialization Fastify does with the route's response schema (fast-json-stringify), with the
 * body size, against the route's reuse of a remembered answer's serialized body (search-body.ts). The engine part of a remembered answer is near zero, so this is what is left to cut.
 *
 *   node --import tsx services/search/bench/http-profile.ts [--products 2000] [--rounds 2000]
 */
import { parseArgs } from 'node:util';
import fastJson from 'fast-json-stringify';
import { searchProducts } from '../src/domain/search.ts';
import { MiniSearchEngine } from '../src/engine/minisearch-engine.ts';
import { listPricedBody } from '../src/routes/search-body.ts';
import { searchItemView } from '../src/routes/views.ts';
import { SearchResponse } from '../src/schemas/search.ts';
import { BENCH_QUERIES, benchCategories, generateProducts } from './generate-products.ts';

const { values } = parseArgs({
  options: { products: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '2000' } },
});
const rounds = Number(values.rounds);
const engine = new MiniSearchEngine();
await engine.setCategories(benchCategories());
for (const doc of generateProducts(Number(values.products))) await engine.upsert(doc);
const ctx = {
  engine,
  prices: { quote: async () => new Map() },
  log: { warn: () => {} },
};
const input = (q: string) => ({ q, page: 1, limit: 20, sort: 'relevance' as const });
const serialize = fastJson(SearchResponse as object);

const stages = { engine: 0, domain: 0, 'views + serialize (every request)': 0, 'listPricedBody (reused)': 0 };
let bytes = 0;
for (const q of [...BENCH_QUERIES, '']) await searchProducts(ctx, input(q), {}); // remembered from here on
for (let r = 0; r < rounds; r++) {
  for (const q of [...BENCH_QUERIES, '']) {
    let t = performance.now();
    await engine.search({ q, categories: [], brands: [], sort: 'relevance', offset: 0, limit: 20 });
    stages.engine += performance.now() - t;
    t = performance.now();
    const page = await searchProducts(ctx, input(q), {});
    stages.domain += performance.now() - t;
    t = performance.now();
    const body = {
      items: page.hits.map(searchItemView),
      total: page.total,
      page: 1,
      limit: 20,
      facets: page.facets,
      pricesStale: page.pricesStale,
      tookMs: 0,
    };
    bytes += serialize(body).length;
    stages['views + serialize (every request)'] += performance.now() - t;
    t = performance.now();
    listPricedBody(page, { page: 1, limit: 20 }, 0);
    stages['listPricedBody (reused)'] += performance.now() - t;
  }
}
const per = rounds * (BENCH_QUERIES.length + 1);
console.table(
  Object.fromEntries(
    Object.entries(stages).map(([stage, total]) => [
      stage,
      { 'µs per request': Math.round((total / per) * 1000 * 10) / 10 },
    ]),
  ),
);
console.log(`body ${Math.round(bytes / per)} bytes on average`);
