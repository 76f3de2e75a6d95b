/**
 * Fuzzing from the merged OpenAPI document (issue 15, item 5): every operation the gateway
 * publishes, called through the gateway with inputs generated from its own schemas (fast-check),
 * shaped ones and hostile ones (wrong types, boundaries, operator-shaped keys, unknown fields,
 * path tricks), as an anonymous caller, a buyer's company admin and a platform admin.
 *
 * What must hold for every single answer: no 5xx (each service is up; a 5xx is a crash or an
 * unhandled case), no stack trace, file path or driver internals in any body, and every error
 * body is problem+json. Seeds are fixed, so a failure reproduces; the report names the operation,
 * the role and the input.
 */
import { type ServiceName, services } from '@b2b/shared/catalogue';
import { type Platform, startableServices, startPlatform } from '@b2b/test-kit/platform';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../services/user/src/domain/platform-admin.ts';
import { createPasswordHasher } from '../../services/user/src/passwords/hasher.ts';
import { UserRepository } from '../../services/user/src/repositories/users.ts';
import {
  fetchOpenApi,
  type OpenApi,
  type Operation,
  resolveSchema,
  type Schema,
} from './support/openapi-document.ts';

/** Inputs per operation and role: 3 roles × ~150 operations × this stays well under a minute. */
const RUNS_PER_OPERATION = 6;
const SEED = 20261201;

let platform: Platform;
let document: OpenApi;
const tokens: Record<'anonymous' | 'companyAdmin' | 'platformAdmin', string | undefined> = {
  anonymous: undefined,
  companyAdmin: undefined,
  platformAdmin: undefined,
};
let companyAdminLogin: { email: string; password: string };
let platformAdminLogin: { email: string; password: string };

async function login(credentials: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${platform.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (res.status !== 200) throw new Error(`login ${credentials.email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  // Every service behind the API (the web apps have no API area, and need a build first).
  const backends = startableServices().filter(
    (name) => name !== 'api-gateway' && services[name].apiAreas.length > 0,
  ) as ServiceName[];
  platform = await startPlatform({
    services: backends,
    gateway: true,
    logLevel: 'warn',
    // Seven processes start at once; a busy CI machine needs longer than the default.
    readyTimeoutMs: 180_000,
    // The fuzzer is one client sending thousands of requests: limits would turn most into 429s.
    env: {
      'api-gateway': {
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
        RATE_LIMIT_USER_PER_MINUTE: '1000000',
        RATE_LIMIT_CREDENTIALS_PER_MINUTE: '1000000',
      },
    },
  });
  platformAdminLogin = {
    email: `fuzz.ops.${Date.now()}@example.com`,
    password: 'platform admin fuzz passphrase',
  };
  await createPlatformAdmin(
    {
      users: new UserRepository(platform.db('user')),
      hasher: await createPasswordHasher(),
      now: () => new Date(),
    },
    { email: platformAdminLogin.email, name: 'Fuzz Ops', password: platformAdminLogin.password },
  );
  companyAdminLogin = {
    email: `fuzz.buyer.${Date.now()}@example.com`,
    password: 'company admin fuzz passphrase',
  };
  const registered = await fetch(`${platform.apiUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...companyAdminLogin, name: 'Fuzz Admin', companyName: 'Fuzz Industrial' }),
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  tokens.platformAdmin = await login(platformAdminLogin);
  tokens.companyAdmin = await login(companyAdminLogin);
  document = await fetchOpenApi(platform.apiUrl);
}, 300_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

function resolve(schema: Schema | undefined): Schema {
  return resolveSchema(document, schema);
}

/** Strings a careless handler trips over: empty, huge, operator- and path-shaped, unicode, numbers. */
const hostileString = fc.constantFrom(
  '',
  ' ',
  'a'.repeat(10_000),
  '$gt',
  '{"$ne":null}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  'null',
  'undefined',
  '-1',
  '0',
  '1e309',
  '9'.repeat(40),
  '1.5',
  '65a1f0c2e4b0a1b2c3d4e5f6',
  '00000000-0000-0000-0000-000000000000',
  'ünïcødé ✓ 😀',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '.*',
  '(a+)+$',
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, [], {}),
  fc.constant({ $gt: '' }),
  fc.constant({ $where: 'sleep(1000)' }),
  fc.constant({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value shaped by the schema (most of the time) or a hostile one in its place. */
function arbitraryFor(input: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const shaped = shapedFor(schema, depth);
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
}

function shapedFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.length > 0) return fc.oneof(...union.map((s) => arbitraryFor(s, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0) return arbitraryFor(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern && /amount|\\d/.test(schema.pattern)) {
        return fc.constantFrom('0', '1', '10.00', '-1.00', '0.0001', '99999999999.9999', '1.00001', 'abc');
      }
      return fc.oneof(
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 200) }),
        hostileString,
      );
    case 'integer':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 }),
        fc.constantFrom(0, -1, 2 ** 31, 2 ** 53),
      );
    case 'number':
      return fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -1, 0.1));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitraryFor(schema.items, depth + 1), {
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const names = Object.keys(properties);
      if (names.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 });
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const name of names) record[name] = arbitraryFor(properties[name], depth + 1);
      return fc
        .tuple(
          fc.record(record, { requiredKeys: schema.required?.filter((r) => names.includes(r)) ?? [] }),
          fc.option(fc.constantFrom('unknownField', '$set', '_id', 'companyId', 'roles'), { nil: undefined }),
        )
        .map(([value, extra]) => (extra === undefined ? value : { ...value, [extra]: 'x' }));
    }
    default:
      return hostileValue;
  }
}

function pathValue(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uuid(),
    fc.constantFrom('65a1f0c2e4b0a1b2c3d4e5f6', 'me', 'x', 'SKU-1', '..', '%2e%2e', '%00', 'a'.repeat(300)),
    fc.string({ minLength: 1, maxLength: 30 }),
  );
}

interface Call {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

function callsFor(path: string, method: string, operation: Operation, seed: number): Call[] {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  const arbitrary = fc.record({
    path: fc.tuple(...pathParams.map(() => pathValue()), fc.constant(null)),
    query: fc.tuple(
      ...queryParams.map((p) => fc.option(arbitraryFor(p.schema), { nil: undefined })),
      fc.constant(null),
    ),
    body: bodySchema ? arbitraryFor(bodySchema) : fc.constant(undefined),
    operatorQuery: fc.boolean(),
  });
  return fc.sample(arbitrary, { numRuns: RUNS_PER_OPERATION, seed }).map((input) => {
    let url = path;
    pathParams.forEach((p, i) => {
      url = url.replace(`{${p.name}}`, encodeURIComponent(String(input.path[i])));
    });
    const search = new URLSearchParams();
    queryParams.forEach((p, i) => {
      const value = input.query[i];
      if (value === undefined) return;
      search.append(p.name, typeof value === 'string' ? value : JSON.stringify(value));
    });
    // Operator injection through qs-style keys: must be a 400 or ignored, never a query.
    if (input.operatorQuery && queryParams[0]) search.append(`${queryParams[0].name}[$ne]`, 'x');
    const query = search.toString();
    return {
      method: method.toUpperCase(),
      url: `${url}${query ? `?${query}` : ''}`,
      ...(input.body === undefined || method === 'get' || method === 'delete'
        ? {}
        : { body: JSON.stringify(input.body), contentType: 'application/json' }),
    };
  });
}

/** What must never be in a body: stack frames, source paths, driver and runtime internals. */
const leaks = [
  /\n\s+at [^\n]+:\d+:\d+/,
  /node_modules/,
  /\/work\/|\/src\/[a-z-]+\.ts/,
  /MongoServerError|MongoError|BSONError|E11000/,
  /TypeError|ReferenceError|SyntaxError: Unexpected/,
  /"stack"\s*:/,
];

interface Finding {
  role: string;
  call: Call;
  status: number;
  body: string;
  why: string;
}

/** Operations that end the caller's own session: run as anonymous only, or the other roles lose their tokens. */
const sessionEnding = /\/auth\/(logout|session)|\/me\/password|logout-all/;

async function send(
  call: Call,
  token: string | undefined,
): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(`${platform.apiUrl}${call.url}`, {
    method: call.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(call.contentType ? { 'content-type': call.contentType } : {}),
    },
    ...(call.body === undefined ? {} : { body: call.body }),
  });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

describe('fuzzing every published operation through the gateway', () => {
  it('no 5xx, no internals in any body, problem+json for every error — as anonymous, company admin and platform admin', async () => {
    const findings: Finding[] = [];
    let sent = 0;
    let operations = 0;
    const statuses = new Map<number, number>();
    let seed = SEED;
    for (const [path, methods] of Object.entries(document.paths)) {
      // The aggregated health takes no input, and reports the web apps (not started here) as down.
      if (!path.startsWith('/api/v1/') || path === '/api/v1/health') continue;
      for (const [method, operation] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operations++;
        for (const role of ['anonymous', 'companyAdmin', 'platformAdmin'] as const) {
          if (role !== 'anonymous' && sessionEnding.test(path)) continue;
          for (const call of callsFor(path, method, operation, seed++)) {
            let answer = await send(call, tokens[role]);
            // A fuzzed call may have revoked the role's own sessions (a password change, say): sign in again.
            if (answer.status === 401 && role !== 'anonymous' && /REVOKED|EXPIRED/.test(answer.body)) {
              tokens[role] = await login(role === 'companyAdmin' ? companyAdminLogin : platformAdminLogin);
              answer = await send(call, tokens[role]);
            }
            sent++;
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            const base = { role, call, status: answer.status, body: answer.body.slice(0, 600) };
            if (answer.status >= 500) findings.push({ ...base, why: 'server error' });
            const leak = leaks.find((pattern) => pattern.test(answer.body));
            if (leak) findings.push({ ...base, why: `internals in the body (${leak})` });
            if (answer.status >= 400 && !answer.type.includes('application/problem+json')) {
              findings.push({ ...base, why: `error without problem+json (${answer.type})` });
            }
          }
        }
      }
    }
    console.log(
      `openapi fuzz: ${operations} operations, ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    // Every service's operations were in the document, and the run reached them: successes and
    // refusals both occurred (a positive control).
    expect(document['x-services']?.unavailable).toEqual({});
    expect([...(document['x-services']?.included ?? [])].sort()).toEqual(
      startableServices()
        .filter((name) => name !== 'api-gateway' && services[name].apiAreas.length > 0)
        .sort(),
    );
    expect(operations).toBeGreaterThan(50);
    expect([...statuses.keys()].some((s) => s >= 200 && s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);
    // One example per operation and kind of finding, so the report stays readable.
    const examples = new Map<string, Finding>();
    for (const f of findings) {
      const key = `${f.call.method} ${f.call.url.split('?')[0]} ${f.why}`;
      if (!examples.has(key)) examples.set(key, f);
    }
    expect([...examples.values()], JSON.stringify([...examples.values()], null, 2)).toEqual([]);
  }, 600_000);
});
