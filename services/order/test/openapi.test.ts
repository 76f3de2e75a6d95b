/** Every route declares what may leave it: a 2xx response schema that is closed, and problem+json errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderApp, startOrderApp, startTestServer, type TestServer } from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21905);
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

type Operation = {
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
};

describe('the order service OpenAPI document', () => {
  it('lists every route of api.md with a closed success schema and a 400 problem', async () => {
    const doc = (await svc.call('GET', '/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    const names = routes.map((r) => r.route).filter((r) => !r.includes('/health') && !r.includes('openapi'));
    expect(names.sort()).toEqual(
      [
        'GET /cart/',
        'POST /cart/items',
        'POST /cart/items/bulk',
        'PATCH /cart/items/{itemId}',
        'DELETE /cart/items/{itemId}',
        'DELETE /cart/',
        'POST /orders/',
        'GET /orders/',
        'GET /orders/summary',
        'GET /orders/{id}',
        'POST /orders/{id}/approve',
        'POST /orders/{id}/reject',
        'POST /orders/{id}/cancel',
        'POST /orders/{id}/reorder',
        'GET /admin/orders',
        'GET /admin/orders/{id}',
        'POST /admin/orders/{id}/ship',
        'POST /admin/orders/{id}/deliver',
        'POST /admin/orders/{id}/cancel',
        'GET /admin/analytics/sales',
        'GET /approval-rules',
        'PUT /approval-rules',
        'GET /cost-centers',
        'PUT /cost-centers',
        'GET /budgets/me',
        'GET /shopping-lists/',
        'POST /shopping-lists/',
        'GET /shopping-lists/{id}',
        'PATCH /shopping-lists/{id}',
        'DELETE /shopping-lists/{id}',
        'POST /shopping-lists/{id}/items',
        'PATCH /shopping-lists/{id}/items/{itemId}',
        'DELETE /shopping-lists/{id}/items/{itemId}',
        'POST /shopping-lists/{id}/add-to-cart',
        'POST /quotes/',
        'GET /quotes/',
        'GET /quotes/{id}',
        'POST /quotes/{id}/messages',
        'POST /quotes/{id}/accept',
        'POST /quotes/{id}/decline',
        'GET /admin/quotes/',
        'GET /admin/quotes/{id}',
        'POST /admin/quotes/{id}/offer',
      ].sort(),
    );
    for (const { route, op } of routes) {
      if (!names.includes(route)) continue;
      const success = Object.keys(op.responses).find((s) => s.startsWith('2'));
      expect(success, route).toBeDefined();
      const schema = Object.values(op.responses[success!]?.content ?? {})[0]?.schema;
      if (success !== '204') expect(schema?.additionalProperties, route).toBe(false);
      expect(op.responses['400'], route).toBeDefined();
    }
  });

  it("answers every documented route without a token with a 401 problem, and a stranger never with another company's data", async () => {
    const doc = (await svc.call('GET', '/openapi.json')).json() as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })))
      .filter((r) => !r.path.includes('/health') && !r.path.includes('openapi'));
    expect(routes.length).toBeGreaterThan(40);
    // A company admin whose company owns none of the ids asked for.
    const stranger = await svc.member({ role: 'company_admin' });
    for (const { method, path } of routes) {
      const url = path.replace(/\{[^}]+\}/g, 'id-of-someone-else');
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const anonymous = await svc.call(method, url, { body });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      expect(anonymous.headers['content-type'], `${method} ${url}`).toContain('application/problem+json');
      // A company member on the operators' routes: 403; reading or deleting an object that is not
      // their company's: 404; anything else (bodies of {} mostly fail validation): never a 500.
      const res = await svc.call(method, url, { token: stranger.token, body });
      if (url.startsWith('/admin')) expect(res.statusCode, `${method} ${url}`).toBe(403);
      else if (url.includes('id-of-someone-else') && body === undefined) {
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
      } else expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(500);
    }
  });
});
