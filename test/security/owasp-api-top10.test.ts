/**
 * Issue 15 item 6: the OWASP API Security Top 10 (2023) as checks generated from the merged
 * OpenAPI document, against the platform `npm start` runs, through its load balancer (and, for
 * `/internal/*`, each service's own port). Every route of the document is classified; a route
 * added later without a classification fails the walk instead of going unchecked.
 * docs/security/owasp-api-top10.md says, per category and service, what protects it and which
 * test here proves it.
 *
 * Ports: the services at 23430..23438 (catalogue ports + 20430), the load balancer at 23450 and
 * the database at 23451; when one is taken, 23475..23483, 23490 and 23491 (this suite's range).
 */
import { type ServiceName, services } from '@b2b/shared/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DocumentedOperation,
  fetchOpenApi,
  type OpenApi,
  publicOperations,
  resolveSchema,
  type Schema,
} from '../e2e/support/openapi-document.ts';
import { type Json, type RunningPlatform, startNpmStart } from '../e2e-npm-start/support/npm-start.ts';
import { buildTenants, type Caller, shippingAddress, type Tenants } from './support/tenants.ts';

let runner: RunningPlatform;
let document: OpenApi;
let operations: DocumentedOperation[];
let t: Tenants;

beforeAll(async () => {
  runner = await startNpmStart([
    { portOffset: 20_430, lbPort: 23_450, dbPort: 23_451 },
    { portOffset: 20_475, lbPort: 23_490, dbPort: 23_491 },
  ]);
  document = await fetchOpenApi(runner.origin);
  operations = publicOperations(document);
  t = await buildTenants(runner);
}, 400_000);

afterAll(async () => {
  if (!runner) return;
  const { code } = await runner.stop();
  expect(code).toBe(0);
}, 30_000);

const id = (op: DocumentedOperation) => `${op.method.toUpperCase()} ${op.path}`;
const isAdminRoute = (op: DocumentedOperation) => op.path.startsWith('/api/v1/admin/');
const needsToken = (op: DocumentedOperation) => (op.operation.security ?? []).some((s) => 'bearerAuth' in s);
const pathParams = (op: DocumentedOperation) =>
  (op.operation.parameters ?? []).filter((p) => p.in === 'path');
const jsonBody = (op: DocumentedOperation) => op.operation.requestBody?.content?.['application/json']?.schema;
/** The document's path after /api/v1, as the helpers call it. */
const apiPath = (path: string) => path.slice('/api/v1'.length);

/** A made-up id of the same shape as `real` (same length and alphabet): "no such object". */
function madeUp(real: string): string {
  const last = real.at(-1)!;
  const swap = /\d/.test(last) ? (last === '0' ? '1' : '0') : last === 'a' ? 'b' : 'a';
  return `${real.slice(0, -1)}${swap}`;
}

/* ---------------------------------------------------------------- API1: object level ---------- */

/**
 * Every company-owned object a public route addresses by id: which of company A's objects fills
 * each path parameter, a body the route would accept (so validation cannot answer first), and how
 * company A checks the object is still as it was.
 */
interface ObjectRoute {
  params: (a: Tenants['a']) => Record<string, string>;
  body?: unknown;
  /** Company A's own read of the object: 200, and the part that must not change. */
  witness: (t: Tenants) => Promise<unknown>;
}

const orderWitness = async (t: Tenants) => {
  const res = await t.call(t.aBuyer, 'GET', `/orders/${t.a.orderId}`);
  expect(res.status).toBe(200);
  return { status: res.body.status, approvals: res.body.approvals, items: res.body.items };
};
const quoteWitness = async (t: Tenants) => {
  const res = await t.call(t.aBuyer, 'GET', `/quotes/${t.a.quoteId}`);
  expect(res.status).toBe(200);
  return { status: res.body.status, messages: res.body.messages };
};
const listWitness = async (t: Tenants) => {
  const res = await t.call(t.aBuyer, 'GET', `/shopping-lists/${t.a.shoppingListId}`);
  expect(res.status).toBe(200);
  return { name: res.body.name, items: res.body.items };
};
const cartWitness = async (t: Tenants) => {
  const res = await t.call(t.aBuyer, 'GET', '/cart');
  expect(res.status).toBe(200);
  return res.body.items.find((i: Json) => i.id === t.a.cartItemId) ?? 'gone';
};
const addressWitness = async (t: Tenants) => {
  const res = await t.call(t.aBuyer, 'GET', '/users/me/addresses');
  expect(res.status).toBe(200);
  return res.body.items.find((i: Json) => i.id === t.a.addressId) ?? 'gone';
};
const memberWitness = async (t: Tenants) => {
  const res = await t.call(t.aAdmin, 'GET', '/companies/me');
  expect(res.status).toBe(200);
  return res.body.members.find((m: Json) => m.id === t.a.memberId) ?? 'gone';
};

const objectRoutes: Record<string, ObjectRoute> = {
  'GET /api/v1/orders/{id}': { params: (a) => ({ id: a.orderId }), witness: orderWitness },
  'POST /api/v1/orders/{id}/approve': { params: (a) => ({ id: a.orderId }), body: {}, witness: orderWitness },
  'POST /api/v1/orders/{id}/reject': { params: (a) => ({ id: a.orderId }), body: {}, witness: orderWitness },
  'POST /api/v1/orders/{id}/cancel': { params: (a) => ({ id: a.orderId }), witness: orderWitness },
  'POST /api/v1/orders/{id}/reorder': { params: (a) => ({ id: a.orderId }), witness: orderWitness },
  'GET /api/v1/payments/{id}': {
    params: (a) => ({ id: a.paymentId }),
    witness: async (t) => (await t.call(t.aBuyer, 'GET', `/payments/${t.a.paymentId}`)).status,
  },
  'GET /api/v1/invoices/{id}': {
    params: (a) => ({ id: a.invoiceId }),
    witness: async (t) => (await t.call(t.aAdmin, 'GET', `/invoices/${t.a.invoiceId}`)).status,
  },
  'GET /api/v1/quotes/{id}': { params: (a) => ({ id: a.quoteId }), witness: quoteWitness },
  'POST /api/v1/quotes/{id}/accept': {
    params: (a) => ({ id: a.quoteId }),
    body: { shippingAddress, paymentMethod: 'invoice' },
    witness: quoteWitness,
  },
  'POST /api/v1/quotes/{id}/decline': { params: (a) => ({ id: a.quoteId }), body: {}, witness: quoteWitness },
  'POST /api/v1/quotes/{id}/messages': {
    params: (a) => ({ id: a.quoteId }),
    body: { text: 'a better price elsewhere' },
    witness: quoteWitness,
  },
  'GET /api/v1/shopping-lists/{id}': { params: (a) => ({ id: a.shoppingListId }), witness: listWitness },
  'PATCH /api/v1/shopping-lists/{id}': {
    params: (a) => ({ id: a.shoppingListId }),
    body: { name: 'Taken over' },
    witness: listWitness,
  },
  'DELETE /api/v1/shopping-lists/{id}': { params: (a) => ({ id: a.shoppingListId }), witness: listWitness },
  'POST /api/v1/shopping-lists/{id}/add-to-cart': {
    params: (a) => ({ id: a.shoppingListId }),
    body: {},
    witness: listWitness,
  },
  'POST /api/v1/shopping-lists/{id}/items': {
    params: (a) => ({ id: a.shoppingListId }),
    body: { sku: 'PPE-00012', quantity: 1 },
    witness: listWitness,
  },
  'PATCH /api/v1/shopping-lists/{id}/items/{itemId}': {
    params: (a) => ({ id: a.shoppingListId, itemId: a.shoppingListItemId }),
    body: { quantity: 7 },
    witness: listWitness,
  },
  'DELETE /api/v1/shopping-lists/{id}/items/{itemId}': {
    params: (a) => ({ id: a.shoppingListId, itemId: a.shoppingListItemId }),
    witness: listWitness,
  },
  'PATCH /api/v1/cart/items/{itemId}': {
    params: (a) => ({ itemId: a.cartItemId }),
    body: { quantity: 3 },
    witness: cartWitness,
  },
  'DELETE /api/v1/cart/items/{itemId}': { params: (a) => ({ itemId: a.cartItemId }), witness: cartWitness },
  'PATCH /api/v1/users/me/addresses/{id}': {
    params: (a) => ({ id: a.addressId }),
    body: { label: 'Taken over' },
    witness: addressWitness,
  },
  'DELETE /api/v1/users/me/addresses/{id}': { params: (a) => ({ id: a.addressId }), witness: addressWitness },
  'POST /api/v1/notifications/{id}/read': {
    params: (a) => ({ id: a.notificationId }),
    witness: async (t) => {
      const res = await t.call(t.aBuyer, 'GET', '/notifications/?unread=true&limit=100');
      return res.body.items.some((n: Json) => n.id === t.a.notificationId);
    },
  },
  'PATCH /api/v1/companies/me/members/{userId}': {
    params: (a) => ({ userId: a.memberId }),
    body: { companyRole: 'company_admin' },
    witness: memberWitness,
  },
  'DELETE /api/v1/companies/me/members/{userId}': {
    params: (a) => ({ userId: a.memberId }),
    witness: memberWitness,
  },
};

/** Public routes with an id that address no company's object: the catalog is the same for everyone. */
const publicByDesign: Record<string, string> = {
  'GET /api/v1/products/{idOrSku}':
    'the public catalog (price resolution is per caller, tested in product-catalog)',
  'GET /api/v1/media/{file}': 'public product images (content-addressed names)',
};

function fill(path: string, params: Record<string, string>): string {
  return apiPath(path).replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} of ${path}`);
    return encodeURIComponent(value);
  });
}

describe('API1 broken object level authorization', () => {
  it('every route with an object id is classified: company-owned (checked below) or public by design', () => {
    const withIds = operations.filter((op) => !isAdminRoute(op) && pathParams(op).length > 0).map(id);
    const unclassified = withIds.filter((r) => !(r in objectRoutes) && !(r in publicByDesign));
    expect(unclassified).toEqual([]);
    // And the table names no route the document lost.
    expect(Object.keys(objectRoutes).filter((r) => !withIds.includes(r))).toEqual([]);
  });

  it('company B (its company_admin and its buyer) gets 404 for each of company A’s objects — the same answer as for no object; company A still sees them unchanged', async () => {
    const findings: string[] = [];
    for (const [route, spec] of Object.entries(objectRoutes)) {
      const [method, path] = route.split(' ') as [string, string];
      const before = await spec.witness(t);
      const realUrl = fill(path, spec.params(t.a));
      const fakeUrl = fill(
        path,
        Object.fromEntries(Object.entries(spec.params(t.a)).map(([k, v]) => [k, madeUp(v)])),
      );
      for (const stranger of [t.bAdmin, t.bBuyer]) {
        const real = await t.call(stranger, method, realUrl, spec.body);
        const fake = await t.call(stranger, method, fakeUrl, spec.body);
        const allowed = stranger === t.bAdmin ? [404] : [403, 404];
        if (!allowed.includes(real.status)) findings.push(`${route} as ${stranger.label}: ${real.status}`);
        if (real.status !== fake.status || real.body?.code !== fake.body?.code)
          findings.push(
            `${route} as ${stranger.label}: A's object ${real.status} ${real.body?.code}, none ${fake.status} ${fake.body?.code}`,
          );
      }
      // Positive control: the owner's read works, and nothing B sent changed the object.
      expect(await spec.witness(t), route).toEqual(before);
    }
    expect(findings).toEqual([]);
  });

  it('positive control: company A’s own callers get 200 on the reads', async () => {
    for (const [path, who] of [
      [`/orders/${t.a.orderId}`, t.aBuyer],
      [`/payments/${t.a.paymentId}`, t.aBuyer],
      [`/invoices/${t.a.invoiceId}`, t.aAdmin],
      [`/quotes/${t.a.quoteId}`, t.aBuyer],
      [`/shopping-lists/${t.a.shoppingListId}`, t.aAdmin],
    ] as const) {
      expect((await t.call(who, 'GET', path)).status, path).toBe(200);
    }
  });
});

/* ---------------------------------------------------------------- API5: function level -------- */

/**
 * A value no object has that the parameter's own schema accepts, so the route's validation cannot
 * answer before the check under test: an id-shaped one, a word where the pattern wants a name
 * (a consumer of the dead-letter routes), or an address where it wants an email.
 */
function noSuchValue(param: { schema?: { pattern?: string } }): string {
  const pattern = param.schema?.pattern;
  const candidates = ['65a1f0c2e4b0a1b2c3d4e5f6', 'no-such-object', 'nobody@example.invalid'];
  const fits = candidates.find((c) => !pattern || new RegExp(pattern, 'u').test(c));
  if (!fits) throw new Error(`no made-up value matches the path parameter pattern ${pattern}`);
  return fits;
}

function callFor(op: DocumentedOperation): { path: string; body?: unknown } {
  const params = Object.fromEntries(pathParams(op).map((p) => [p.name, noSuchValue(p as never)]));
  const path = fill(op.path, params);
  // An empty JSON object where a body is expected: enough to reach the guard, never a valid change.
  return jsonBody(op) ? { path, body: {} } : { path };
}

/** Company routes that need more than membership (api.md's "who" column). */
const companyRoleRoutes: Record<string, string> = {
  'POST /api/v1/companies/me/members': 'company_admin',
  'PATCH /api/v1/companies/me/members/{userId}': 'company_admin',
  'DELETE /api/v1/companies/me/members/{userId}': 'company_admin',
  'PUT /api/v1/approval-rules': 'company_admin',
  'PUT /api/v1/cost-centers': 'company_admin',
  'GET /api/v1/invoices/': 'company_admin',
  'GET /api/v1/invoices/{id}': 'company_admin',
  'POST /api/v1/orders/{id}/approve': 'approver, company_admin',
  'POST /api/v1/orders/{id}/reject': 'approver, company_admin',
};

describe('API5 broken function level authorization', () => {
  it('every admin route: anonymous → 401, a buyer and a company admin → 403; the platform admin gets past the guard', async () => {
    const admin = operations.filter(isAdminRoute);
    expect(admin.length).toBeGreaterThan(30);
    const findings: string[] = [];
    for (const op of admin) {
      const { path, body } = callFor(op);
      const method = op.method.toUpperCase();
      const anonymous = await t.call(undefined, method, path, body);
      if (anonymous.status !== 401) findings.push(`${id(op)} anonymous: ${anonymous.status}`);
      for (const member of [t.aBuyer, t.aAdmin]) {
        const res = await t.call(member, method, path, body);
        if (res.status !== 403) findings.push(`${id(op)} ${member.label}: ${res.status}`);
      }
      // Positive control: the same request as the platform admin is judged on its merits (400, 404, 200).
      const staff = await t.call(t.platformAdmin, method, path, body);
      if ([401, 403].includes(staff.status) || staff.status >= 500)
        findings.push(`${id(op)} platform admin: ${staff.status}`);
    }
    expect(findings).toEqual([]);
  });

  it('every route the document marks with bearerAuth refuses an anonymous caller with 401', async () => {
    const findings: string[] = [];
    for (const op of operations.filter(needsToken)) {
      const { path, body } = callFor(op);
      const res = await t.call(undefined, op.method.toUpperCase(), path, body);
      if (res.status !== 401) findings.push(`${id(op)}: ${res.status}`);
    }
    expect(findings).toEqual([]);
    // Positive control: a public route answers the anonymous caller.
    expect((await t.call(undefined, 'GET', '/products/?limit=1')).status).toBe(200);
  });

  it('company routes for company admins or approvers: a buyer → 403, the company admin gets past the guard', async () => {
    const findings: string[] = [];
    for (const route of Object.keys(companyRoleRoutes)) {
      const op = operations.find((o) => id(o) === route);
      if (!op) {
        findings.push(`${route} is not in the document`);
        continue;
      }
      const { path, body } = callFor(op);
      const method = op.method.toUpperCase();
      const buyer = await t.call(t.aBuyer, method, path, body);
      if (buyer.status !== 403) findings.push(`${route} buyer: ${buyer.status}`);
      const admin = await t.call(t.aAdmin, method, path, body);
      if (admin.status === 403 || admin.status >= 500)
        findings.push(`${route} company admin: ${admin.status}`);
    }
    expect(findings).toEqual([]);
  });
});

/* ---------------------------------------------------------------- API3: property level -------- */

/** Object schemas reachable from `schema` that accept properties they do not name. */
function openObjects(schema: Schema | undefined, where: string, seen = new Set<Schema>()): string[] {
  const s = resolveSchema(document, schema);
  if (seen.has(s)) return [];
  seen.add(s);
  const found: string[] = [];
  const isObject =
    s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')) || s.properties;
  if (isObject && s.properties && Object.keys(s.properties).length > 0 && s.additionalProperties !== false)
    found.push(where);
  for (const [name, child] of Object.entries(s.properties ?? {}))
    found.push(...openObjects(child, `${where}.${name}`, seen));
  if (s.items) found.push(...openObjects(s.items, `${where}[]`, seen));
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    found.push(...openObjects(branch, where, seen));
  return found;
}

function callerFor(op: DocumentedOperation): Caller | undefined {
  if (isAdminRoute(op)) return t.platformAdmin;
  return needsToken(op) ? t.aAdmin : undefined;
}

describe('API3 broken object property level authorization (mass assignment, excessive data)', () => {
  it('every request body and every response body schema is closed (additionalProperties: false)', () => {
    const findings: string[] = [];
    for (const op of operations) {
      findings.push(...openObjects(jsonBody(op), `${id(op)} body`));
      for (const [status, response] of Object.entries(op.operation.responses ?? {}))
        findings.push(...openObjects(response.content?.['application/json']?.schema, `${id(op)} ${status}`));
    }
    expect(findings).toEqual([]);
  });

  it('every JSON body refuses an unknown property with 400 naming it', async () => {
    const findings: string[] = [];
    let checked = 0;
    for (const op of operations) {
      const schema = resolveSchema(document, jsonBody(op));
      if (!jsonBody(op)) continue;
      checked++;
      const { path } = callFor(op);
      const isImport = id(op) === 'POST /api/v1/admin/products/import';
      // An import row is checked on its own: a row that is valid but for the unknown field.
      const importRow = {
        sku: 'OWASP-IMPORT-1',
        name: 'Import probe',
        listPrice: { amount: '1.00', currency: 'EUR' },
      };
      const probe = isImport
        ? [{ ...importRow, isAdmin: true }]
        : schema.type === 'array'
          ? [{ isAdmin: true }]
          : { isAdmin: true };
      const res = await t.call(callerFor(op), op.method.toUpperCase(), path, probe, {
        // The browser-session routes answer only the app's own pages (CSRF proof).
        'x-csrf': '1',
        origin: runner.origin.replace('127.0.0.1', 'localhost'),
      });
      if (id(op) === 'POST /api/v1/admin/products/import') {
        // An import validates row by row (a bad row never aborts the good ones): the row is refused.
        const refused =
          res.status === 200 &&
          res.body.created === 0 &&
          res.body.updated === 0 &&
          /isAdmin/.test(JSON.stringify(res.body.errors));
        if (!refused) findings.push(`${id(op)}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        continue;
      }
      const named = (res.body?.errors ?? []).some((e: Json) => /\/isAdmin$/.test(e.path));
      if (res.status !== 400 || !named)
        findings.push(`${id(op)}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(checked).toBeGreaterThan(40);
    expect(findings).toEqual([]);
  });

  it('positive control: a valid profile change is stored; the same change with `roles` is refused and stores nothing', async () => {
    const name = `Bea ${Date.now().toString(36)}`;
    const ok = await t.call(t.aBuyer, 'PATCH', '/users/me', { name });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe(name);
    const escalated = await t.call(t.aBuyer, 'PATCH', '/users/me', { name: 'Mallory', roles: ['admin'] });
    expect(escalated.status).toBe(400);
    const me = await t.call(t.aBuyer, 'GET', '/users/me');
    expect({ name: me.body.name, roles: me.body.roles }).toEqual({ name, roles: [] });
  });
});

/* ---------------------------------------------------------------- API4: resource consumption -- */

describe('API4 unrestricted resource consumption', () => {
  it('every list route declares a maximum limit and refuses limit = max + 1 with 400; limit = max answers 200', async () => {
    const lists = operations.filter((op) =>
      (op.operation.parameters ?? []).some((p) => p.in === 'query' && p.name === 'limit'),
    );
    expect(lists.length).toBeGreaterThan(15);
    const findings: string[] = [];
    for (const op of lists) {
      const limit = (op.operation.parameters ?? []).find((p) => p.name === 'limit')!;
      const max = resolveSchema(document, limit.schema).maximum;
      if (max === undefined) {
        findings.push(`${id(op)}: no maximum`);
        continue;
      }
      if (pathParams(op).length > 0) continue;
      const who = isAdminRoute(op) ? t.platformAdmin : needsToken(op) ? t.aAdmin : undefined;
      const path = apiPath(op.path);
      // Search and suggest need a query to answer with a list.
      const extra = /\/search/.test(path) ? '&q=drill' : '';
      const over = await t.call(who, 'GET', `${path}?limit=${max + 1}${extra}`);
      if (over.status !== 400) findings.push(`${id(op)} limit ${max + 1}: ${over.status}`);
      const atMax = await t.call(who, 'GET', `${path}?limit=${max}${extra}`);
      if (atMax.status !== 200) findings.push(`${id(op)} limit ${max}: ${atMax.status}`);
    }
    expect(findings).toEqual([]);
  });

  it('every body route refuses a body over its limit with 413 (1 MiB; 6 MiB on the upload routes); a body under it is judged on its content', async () => {
    const mib = 1024 * 1024;
    const uploads = new Set([
      'POST /api/v1/admin/products/{id}/images',
      'POST /api/v1/admin/products/import',
    ]);
    const findings: string[] = [];
    for (const op of operations.filter((o) => o.operation.requestBody)) {
      const limit = uploads.has(id(op)) ? 6 * mib : mib;
      const { path } = callFor(op);
      const send = (bytes: number) =>
        runner.api(op.method.toUpperCase(), path, {
          token: callerFor(op)?.token ?? t.platformAdmin.token,
          clientIp: '198.51.100.20',
          raw: `{"pad":"${'x'.repeat(bytes - 10)}"}`,
          headers: { 'content-type': 'application/json' },
        });
      try {
        const over = await send(limit + 1);
        if (over.status !== 413) findings.push(`${id(op)} ${limit + 1} bytes: ${over.status}`);
        const under = await send(16 * 1024);
        if (under.status === 413 || under.status >= 500) findings.push(`${id(op)} 16 KiB: ${under.status}`);
      } catch (err) {
        findings.push(`${id(op)}: ${(err as Error).message}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('the credential routes are rate limited per client: the 11th login in a minute → 429 with retry-after', async () => {
    const clientIp = '203.0.113.77';
    const statuses: number[] = [];
    let last: Awaited<ReturnType<RunningPlatform['api']>> | undefined;
    for (let i = 0; i < 11; i++) {
      // A new address each time: the user service's lockout of one account (5 failures) is not what is measured.
      last = await runner.api('POST', '/auth/login', {
        body: { email: `nobody.${i}.${Date.now().toString(36)}@example.com`, password: 'not the password' },
        clientIp,
      });
      statuses.push(last.status);
    }
    // Positive control: the first ten were judged (wrong credentials), only the eleventh throttled.
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not affected.
    const other = await runner.api('POST', '/auth/login', {
      body: { email: `somebody.${Date.now().toString(36)}@example.com`, password: 'not the password' },
      clientIp: '203.0.113.78',
    });
    expect(other.status).toBe(401);
  });
});

/* ---------------------------------------------------------------- API7: SSRF ------------------- */

/** Request inputs a server could be made to fetch: URL-typed or URL-named, anywhere in a request. */
function urlInputs(schema: Schema | undefined, where: string, seen = new Set<Schema>()): string[] {
  const s = resolveSchema(document, schema);
  if (seen.has(s)) return [];
  seen.add(s);
  const found: string[] = [];
  if (s.format === 'uri' || s.format === 'url' || s.format === 'uri-reference') found.push(where);
  for (const [name, child] of Object.entries(s.properties ?? {})) {
    if (/url|uri|href|link|callback|webhook|endpoint/i.test(name)) found.push(`${where}.${name}`);
    found.push(...urlInputs(child, `${where}.${name}`, seen));
  }
  if (s.items) found.push(...urlInputs(s.items, `${where}[]`, seen));
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    found.push(...urlInputs(branch, where, seen));
  return found;
}

describe('API7 server side request forgery', () => {
  it('positive control: the scans find what they look for (a URL input, an open object)', () => {
    const probe: Schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        imageUrl: { type: 'string' },
        source: { type: 'string', format: 'uri' },
        nested: { type: 'object', properties: { a: { type: 'string' } } },
      },
    };
    expect(urlInputs(probe, 'probe')).toEqual(['probe.imageUrl', 'probe.source']);
    expect(openObjects(probe, 'probe')).toEqual(['probe.nested']);
  });

  it('no request parameter or body property of the document takes a URL', () => {
    const findings: string[] = [];
    for (const op of operations) {
      for (const p of op.operation.parameters ?? []) {
        if (/url|uri|href|callback|webhook/i.test(p.name)) findings.push(`${id(op)} ${p.in} ${p.name}`);
        findings.push(...urlInputs(p.schema, `${id(op)} ${p.in} ${p.name}`));
      }
      findings.push(...urlInputs(jsonBody(op), `${id(op)} body`));
    }
    expect(findings).toEqual([]);
  });

  it('the image upload takes bytes only: a URL (as a field or as the file) is refused; a PNG is stored', async () => {
    const sku = `SSRF-${Date.now().toString(36)}`.toUpperCase();
    const product = await t.call(t.platformAdmin, 'POST', '/admin/products', {
      sku,
      name: 'SSRF probe',
      listPrice: { amount: '1.00', currency: 'EUR' },
    });
    expect(product.status).toBe(201);
    const upload = (form: FormData) =>
      fetch(`${runner.origin}/api/v1/admin/products/${product.body.id}/images`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t.platformAdmin.token}`,
          'x-forwarded-for': t.platformAdmin.clientIp,
        },
        body: form,
      });
    const metadata = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
    const asField = new FormData();
    asField.append('url', metadata);
    const byField = await upload(asField);
    expect(byField.status).toBe(400);
    const asFile = new FormData();
    asFile.append('file', new Blob([metadata], { type: 'image/png' }), 'remote.png');
    const byFile = await upload(asFile);
    expect(byFile.status).toBe(400);
    // Positive control: a real 1×1 PNG is accepted.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const real = new FormData();
    real.append('file', new Blob([png], { type: 'image/png' }), 'pixel.png');
    const stored = await upload(real);
    expect(stored.status, await stored.clone().text()).toBe(201);
    expect(((await stored.json()) as { url: string }).url).toMatch(/^\/api\/v1\/media\//);
  });
});

/* ---------------------------------------------------------------- /internal -------------------- */

/** Each backend service's internal routes, from its own OpenAPI document (the merged one has none). */
async function internalRoutes(): Promise<{ service: ServiceName; method: string; path: string }[]> {
  const found: { service: ServiceName; method: string; path: string }[] = [];
  for (const name of Object.keys(services) as ServiceName[]) {
    const res = await fetch(`${runner.serviceUrl(name)}/openapi.json`);
    if (res.status !== 200) continue;
    const doc = (await res.json()) as OpenApi;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/internal/')) continue;
      for (const method of Object.keys(methods)) {
        const concrete = path.replace(/\{\w+\}/g, '65a1f0c2e4b0a1b2c3d4e5f6');
        found.push({ service: name, method: method.toUpperCase(), path: concrete });
      }
    }
  }
  return found;
}

describe('/internal/* (API5 and API9: routes for services only)', () => {
  it('the merged document publishes none of them', () => {
    expect(Object.keys(document.paths).filter((p) => p.includes('/internal'))).toEqual([]);
  });

  it('through the load balancer every internal route answers 404, under /api/v1 and at the root', async () => {
    const routes = await internalRoutes();
    expect(new Set(routes.map((r) => r.service)).size).toBeGreaterThanOrEqual(4);
    const findings: string[] = [];
    for (const r of routes) {
      for (const url of [`${runner.origin}/api/v1${r.path}`, `${runner.origin}${r.path}`]) {
        const res = await fetch(url, {
          method: r.method,
          // Even with the credential: the edge never forwards /internal.
          headers: { 'x-service-credential': runner.serviceCredential(), accept: 'application/json' },
        });
        if (res.status !== 404) findings.push(`${r.method} ${url}: ${res.status}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('on each service’s own port: 401 without the service credential or with a wrong one; the credential gets past the guard', async () => {
    const routes = await internalRoutes();
    const findings: string[] = [];
    for (const r of routes) {
      const url = `${runner.serviceUrl(r.service)}${r.path}`;
      const body = r.method === 'GET' ? undefined : '{}';
      const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
      const none = await fetch(url, { method: r.method, headers, body });
      if (none.status !== 401)
        findings.push(`${r.service} ${r.method} ${r.path} no credential: ${none.status}`);
      const wrong = await fetch(url, {
        method: r.method,
        headers: { ...headers, 'x-service-credential': 'x'.repeat(64) },
        body,
      });
      if (wrong.status !== 401)
        findings.push(`${r.service} ${r.method} ${r.path} wrong credential: ${wrong.status}`);
      const right = await fetch(url, {
        method: r.method,
        headers: { ...headers, 'x-service-credential': runner.serviceCredential() },
        body,
      });
      if (right.status === 401 || right.status >= 500)
        findings.push(`${r.service} ${r.method} ${r.path} with the credential: ${right.status}`);
    }
    expect(findings).toEqual([]);
  });
});

/* ---------------------------------------------------------------- API2, API8, API9 ------------ */

describe('API2 broken authentication, API8 security misconfiguration, API9 inventory', () => {
  it('a token with a forged signature or alg "none" → 401; the genuine token → 200', async () => {
    const [header, payload] = t.aBuyer.token.split('.') as [string, string, string];
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const token of [forged, none]) {
      const res = await runner.api('GET', '/users/me', { token, clientIp: t.aBuyer.clientIp });
      expect(res.status).toBe(401);
    }
    expect((await t.call(t.aBuyer, 'GET', '/users/me')).status).toBe(200);
  });

  it('answers carry the hardening headers, no x-powered-by, and CORS only for the allowed origins', async () => {
    const res = await fetch(`${runner.origin}/api/v1/products/?limit=1`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${runner.origin}/api/v1/products/?limit=1`, {
      headers: { origin: `http://localhost:${runner.ports.lbPort}` },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(
      `http://localhost:${runner.ports.lbPort}`,
    );
  });

  it('every operation of the document belongs to a live catalogue service, and an undocumented path is 404', async () => {
    expect(document['x-services']?.unavailable).toEqual({});
    const areas = Object.values(services).flatMap((s) => s.apiAreas);
    const stray = Object.keys(document.paths).filter(
      (p) =>
        p !== '/api/v1/health' &&
        p !== '/api/v1/openapi.json' &&
        !areas.some((a) => p.startsWith(`/api/v1/${a.replace(/^\//, '')}`)),
    );
    expect(stray).toEqual([]);
    expect((await runner.api('GET', '/v0/legacy/users')).status).toBe(404);
    expect((await runner.api('GET', '/products/?limit=1')).status).toBe(200);
  });
});
