/**
 * No response of the search service carries its internals: every route is exercised (proved
 * against its OpenAPI document), every JSON answer matches the declared response schema for its
 * status, leaves out database ids and engine bookkeeping, and carries no stack trace; every
 * refusal — operator-shaped query strings included — is problem+json.
 */
import type { LightMyRequestResponse } from 'fastify';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  productSnapshot,
  type SearchStack,
  startSearchStack,
  startTestServer,
  type TestServer,
} from '../../services/search/test/support/search-app.ts';
import { pollUntil } from '../../tools/test-kit/src/poll.ts';
import { forbiddenInBody, openApiRoutes, schemaProblems } from './support/openapi-conformance.ts';

let server: TestServer;
let stack: SearchStack;
beforeAll(async () => {
  server = await startTestServer();
  stack = await startSearchStack(server);
});
afterAll(async () => {
  await stack?.close();
  await server?.close();
});

/** Database ids, the engine's folded keys and price units, error stacks (as JSON keys). */
const INTERNAL_KEYS = ['_id', 'brandKey', 'codeKeys', 'priceUnits', 'createdAtMs', 'stack'];
const CREDENTIAL = 'test-service-credential-0123456789abcdef';

describe('no internals ever leave the search service', () => {
  it('walks every route; every answer matches its declared schema, refusals are problem+json', async () => {
    const product = productSnapshot({ name: 'Nitrile gloves NL', brand: 'Ansell', sku: 'AN-NL-1' });
    await stack.publish('product.created', product);
    stack.stock.set(product.sku, 'low_stock');
    await pollUntil(
      async () =>
        (await stack.task.call('/search?q=nitrile')).json().items?.[0]?.availability === 'low_stock',
      { timeoutMs: 5_000, message: 'indexed with its stock' },
    );

    const responses: { url: string; res: LightMyRequestResponse }[] = [];
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await stack.task.app.inject({ method: 'GET', url, headers });
      responses.push({ url, res });
      return res;
    };
    for (const url of [
      '/search?q=nitrile',
      '/search?q=nitirle&brand=Ansell&availability=low_stock&sort=price&limit=5',
      '/search?category=no-such&minPrice=1&maxPrice=100',
      '/search?brand=No%20Such%20Brand',
      `/search?q=${'a'.repeat(201)}`,
      '/search?minPrice=20&maxPrice=10',
      '/search?limit=101',
      '/search?q[$gt]=',
      '/search?brand[$ne]=x',
      '/search?category[$regex]=.*',
      '/search?availability[$in]=in_stock',
      '/search?sort[$natural]=1',
      '/search?where=1',
      '/search/suggest?q=ni',
      '/search/suggest?q=n',
      '/search/suggest?q[$gt]=ab',
      `/search/suggest?q=${'a'.repeat(201)}`,
    ])
      await get(url);
    await get('/search?q=nitrile', { authorization: 'Bearer buyer.company-nl' });
    await get('/internal/feeds/search-index');
    await get('/internal/feeds/search-index', { 'x-service-credential': CREDENTIAL });
    await get('/internal/feeds/search-index?after=bm90LWEtd2F0ZXJtYXJr', {
      'x-service-credential': CREDENTIAL,
    });

    const openapi = (await stack.task.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const routes = openApiRoutes(openapi);
    expect(routes.length).toBeGreaterThanOrEqual(3);
    const hit = new Set(responses.map(({ url }) => routes.find((r) => r.matches('GET', url))?.id));
    expect(routes.map((r) => r.id).filter((id) => !hit.has(id))).toEqual([]);

    const statuses = new Set<number>();
    for (const { url, res } of responses) {
      const where = `GET ${url} → ${res.statusCode}`;
      statuses.add(res.statusCode);
      expect(res.statusCode, `${where}: ${res.body}`).toBeLessThan(500);
      const type = String(res.headers['content-type'] ?? '');
      if (res.statusCode >= 400) expect(type, where).toMatch(/^application\/problem\+json/);
      const schema = routes.find((r) => r.matches('GET', url))!.responseSchema(res.statusCode);
      expect(schema, `${where}: no schema declared for this status`).toBeDefined();
      expect(schemaProblems(Compile(schema as never), res.json()), `${where}: ${res.body}`).toEqual([]);
      expect(forbiddenInBody(res.body, INTERNAL_KEYS), where).toEqual([]);
    }
    for (const status of [200, 400, 401]) expect(statuses).toContain(status);
    // The operator-shaped ones are all refusals, and their plain neighbours are not.
    for (const { url, res } of responses) if (url.includes('[$')) expect(res.statusCode, url).toBe(400);
    expect(responses.find((r) => r.url === '/search?brand=No%20Such%20Brand')?.res.json().total).toBe(0);
  }, 30_000);
});
