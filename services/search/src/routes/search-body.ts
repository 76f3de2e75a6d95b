/**
 * The body of GET /search, serialized once per remembered answer when it holds list prices only.
 * Serializing a page (about 12 KB: descriptions, attributes, facets) was the largest cost of
 * answering a remembered query (bench/http-profile.ts: ~1.1 ms of ~1.4 ms in process); the engine
 * hands out the same frozen answer to every caller until a change drops it, so its items and
 * facets are serialized once (with the route's own schemas, the same bytes as Fastify would
 * write) and only the per-request fields are written per request.
 */
import fastJson from 'fast-json-stringify';
import { Type } from 'typebox';
import type { SearchPage } from '../domain/search.ts';
import type { SearchResult } from '../engine/port.ts';
import { Facets, SearchItem, SearchResponse } from '../schemas/search.ts';
import { searchItemView } from './views.ts';

const items = fastJson(Type.Array(SearchItem) as object);
const facets = fastJson(Facets as object);
/** The response's own key order (fast-json-stringify writes a schema's properties in order). */
const KEYS = Object.keys(SearchResponse.properties).join();
if (KEYS !== 'items,total,page,limit,facets,pricesStale,tookMs')
  throw new Error(`search-body.ts writes the response keys in an order the schema no longer has: ${KEYS}`);

/** Items and facets of an answer, serialized: kept as long as the engine keeps the answer. */
const serialized = new WeakMap<SearchResult, { items: string; facets: string }>();

/** The whole JSON body of a list-priced page, or undefined when the page has company prices. */
export function listPricedBody(
  page: SearchPage,
  request: { page: number; limit: number },
  tookMs: number,
): string | undefined {
  const answer = page.listPricedAnswer;
  if (!answer) return undefined;
  let parts = serialized.get(answer);
  if (!parts) {
    parts = { items: items(page.hits.map(searchItemView)), facets: facets(page.facets) };
    serialized.set(answer, parts);
  }
  // Integers and a boolean only: validated by the querystring schema, safe to write as they are.
  return `{"items":${parts.items},"total":${page.total},"page":${request.page},"limit":${request.limit},"facets":${parts.facets},"pricesStale":${page.pricesStale},"tookMs":${tookMs}}`;
}
