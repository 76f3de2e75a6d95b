import { AppError, errors } from '@b2b/shared/errors';
import {
  apiHelmetOptions,
  apiSecurityHeaders,
  createService,
  Money,
  ObjectIdString,
  Page,
  Pagination,
  Problem,
  problemResponses,
  type ServiceApp,
} from '@b2b/shared/http';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';

const Order = Type.Object(
  {
    sku: Type.String({ minLength: 1 }),
    quantity: Type.Integer({ minimum: 1 }),
    price: Money,
    paymentMethod: Type.Union([Type.Literal('invoice'), Type.Literal('card')]),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const OrderCreated = Type.Object({ id: Type.String(), sku: Type.String() }, { additionalProperties: false });

let app: ServiceApp;
afterEach(async () => {
  await app?.close();
});

function buildDemo(opts: { bodyLimit?: number } = {}): ServiceApp {
  app = createService({
    name: 'demo',
    bodyLimit: opts.bodyLimit,
    openapi: { title: 'Demo', version: '1.2.3' },
  });
  app.post(
    '/orders',
    { schema: { body: Order, response: { 201: OrderCreated, ...problemResponses } } },
    async (request, reply) => {
      // An internal field the response schema must keep from leaking.
      const stored = { id: 'o1', sku: request.body.sku, internalCost: '12.00' };
      return reply.code(201).send(stored);
    },
  );
  app.get(
    '/orders',
    {
      schema: {
        querystring: Type.Object({ ...Pagination.properties, status: Type.Optional(Type.String()) }),
        response: { 200: Page(OrderCreated), ...problemResponses },
      },
    },
    async (request) => ({ items: [], total: 0, page: request.query.page, limit: request.query.limit }),
  );
  app.get(
    '/orders/:id',
    {
      schema: {
        params: Type.Object({ id: ObjectIdString }),
        response: { 200: OrderCreated, ...problemResponses },
      },
    },
    async () => {
      throw errors.notFound('Order', 'ORDER_NOT_FOUND');
    },
  );
  app.get('/crash', { schema: { response: { 200: OrderCreated } } }, async () => {
    throw new Error('connect ECONNREFUSED mongodb://admin:pw@10.0.0.7:27017');
  });
  app.get('/unavailable', { schema: { response: { 200: OrderCreated, ...problemResponses } } }, async () => {
    throw errors.unavailable('payment is not answering', 7);
  });
  return app;
}

const validOrder = {
  sku: 'ABC-1',
  quantity: 2,
  price: { amount: '19.90', currency: 'EUR' },
  paymentMethod: 'card',
};

describe('request ids', () => {
  it('echoes a sane x-request-id and generates one otherwise, also on errors', async () => {
    buildDemo();
    const echoed = await app.inject({ url: '/health', headers: { 'x-request-id': 'req-42.abc:1' } });
    expect(echoed.headers['x-request-id']).toBe('req-42.abc:1');

    const generated = await app.inject({ url: '/nowhere' });
    expect(generated.statusCode).toBe(404);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    for (const bad of ['has space', 'x'.repeat(129), 'inject\r\nme', 'a,b']) {
      const res = await app.inject({ url: '/crash', headers: { 'x-request-id': bad } });
      expect(res.statusCode).toBe(500);
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('validation and problem+json', () => {
  it('accepts a valid body and strips fields the response schema does not declare', async () => {
    buildDemo();
    const res = await app.inject({ method: 'POST', url: '/orders', payload: validOrder });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: 'o1', sku: 'ABC-1' });
  });

  it('rejects an unknown body field with 400 VALIDATION_FAILED naming the field', async () => {
    buildDemo();
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: { ...validOrder, isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'urn:b2b:problem:validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is invalid',
      instance: '/orders',
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/isAdmin', message: 'is not an allowed field' }],
    });
  });

  it('does not coerce body types: a float amount and a string quantity are errors', async () => {
    buildDemo();
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: {
        ...validOrder,
        quantity: '2',
        price: { amount: 19.9, currency: 'eur' },
        paymentMethod: 'cash',
      },
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['/paymentMethod', '/price/amount', '/price/currency', '/quantity']);
    const method = res.json().errors.find((e: { path: string }) => e.path === '/paymentMethod');
    expect(method.message).toBe('must be one of "invoice", "card"');
  });

  it('reports missing required fields by path', async () => {
    buildDemo();
    const empty = await app.inject({ method: 'POST', url: '/orders' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ path: '', message: 'a JSON body is required' }]);
    const { sku: _, ...withoutSku } = validOrder;
    const res = await app.inject({ method: 'POST', url: '/orders', payload: withoutSku });
    expect(res.json().errors).toEqual([{ path: '/sku', message: 'is required' }]);
  });

  it('coerces the query string strictly and applies defaults', async () => {
    buildDemo();
    const ok = await app.inject({ url: '/orders?page=3' });
    expect(ok.json()).toEqual({ items: [], total: 0, page: 3, limit: 20 });
    const fraction = await app.inject({ url: '/orders?page=2.5' });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().detail).toBe('The query string is invalid');
    const tooMany = await app.inject({ url: '/orders?limit=101' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].path).toBe('/limit');
  });

  it('validates path params', async () => {
    buildDemo();
    const bad = await app.inject({ url: '/orders/not-an-id' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const missing = await app.inject({ url: '/orders/65a1b2c3d4e5f60718293a4b' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'ORDER_NOT_FOUND', detail: 'Order not found', status: 404 });
  });

  it('answers an unexpected error with a bare 500 that hides the message', async () => {
    buildDemo();
    const res = await app.inject({ url: '/crash' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ title: 'Internal Server Error', code: 'INTERNAL', status: 500 });
    expect(res.body).not.toContain('ECONNREFUSED');
    expect(res.body).not.toContain('mongodb://');
    expect(res.body).not.toContain('stack');
  });

  it('keeps an AppError 503 with its retry-after header', async () => {
    buildDemo();
    const res = await app.inject({ url: '/unavailable' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: 'payment is not answering' });
  });

  it('answers unknown routes, bad JSON, wrong media types and large bodies with problems', async () => {
    buildDemo({ bodyLimit: 1024 });
    const notFound = await app.inject({ method: 'DELETE', url: '/nothing/here?token=abc' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toMatchObject({ code: 'NOT_FOUND', instance: '/nothing/here' });

    const badJson = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"sku": "A",',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('INVALID_JSON');

    const text = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'text/plain' },
      payload: 'sku=A',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const large = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: { ...validOrder, note: 'x'.repeat(2000) },
    });
    expect(large.statusCode).toBe(413);
    expect(large.json().code).toBe('PAYLOAD_TOO_LARGE');
    for (const res of [notFound, badJson, text, large]) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['x-request-id']).toBeTruthy();
    }
  });

  it('turns a rate-limit rejection into a 429 problem that keeps retry-after', async () => {
    app = createService({ name: 'demo' });
    await app.register(rateLimit, { max: 1, timeWindow: 60_000 });
    app.get('/limited', { schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async () => ({
      ok: true,
    }));
    expect((await app.inject({ url: '/limited' })).statusCode).toBe(200);
    const limited = await app.inject({ url: '/limited' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too Many Requests' });
  });

  it('passes domain field errors through', async () => {
    app = createService({ name: 'demo' });
    app.post('/signup', { schema: { response: { 204: Type.Null(), ...problemResponses } } }, async () => {
      throw new AppError({
        status: 400,
        code: 'WEAK_PASSWORD',
        detail: 'Password too weak',
        errors: [{ path: '/password', message: 'is on the list of common passwords' }],
      });
    });
    const res = await app.inject({ method: 'POST', url: '/signup' });
    expect(res.json()).toMatchObject({
      code: 'WEAK_PASSWORD',
      errors: [{ path: '/password', message: 'is on the list of common passwords' }],
    });
  });
});

describe('security headers and limits', () => {
  it('sets helmet headers with an API content security policy', async () => {
    buildDemo();
    const res = await app.inject({ url: '/health' });
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
  });

  it('sends exactly the headers @fastify/helmet would send with the API options', async () => {
    const reference = Fastify();
    await reference.register(helmet, apiHelmetOptions);
    reference.get('/health', async () => ({ ok: true }));
    const expected = (await reference.inject({ url: '/health' })).headers;
    await reference.close();
    buildDemo();
    const actual = (await app.inject({ url: '/health' })).headers;
    const securityNames = Object.keys(expected).filter(
      (h) => !['content-type', 'content-length', 'date', 'connection'].includes(h),
    );
    expect(securityNames.sort()).toEqual(Object.keys(apiSecurityHeaders).sort());
    for (const name of securityNames) expect(actual[name]).toBe(expected[name]);
  });

  it('uses @fastify/helmet with the options a service passes', async () => {
    app = createService({
      name: 'portal',
      helmet: { contentSecurityPolicy: { directives: { scriptSrc: ["'self'"] } } },
    });
    const res = await app.inject({ url: '/health' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps connections alive longer than the ALB idle timeout and bounds header time', async () => {
    buildDemo();
    await app.ready();
    expect(app.server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(app.server.requestTimeout).toBeGreaterThan(0);
    expect(app.server.headersTimeout).toBeGreaterThan(0);
    expect(app.server.headersTimeout).toBeLessThanOrEqual(app.server.requestTimeout);
    expect(app.initialConfig.bodyLimit).toBe(1024 * 1024);
  });
});

describe('health and readiness', () => {
  it('reports liveness', async () => {
    buildDemo();
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', service: 'demo' });
    expect(typeof res.json().uptime).toBe('number');
  });

  it('is ready when every check passes and 503 with details when one fails or hangs', async () => {
    app = createService({ name: 'demo', readinessTimeoutMs: 50 });
    let databaseUp = true;
    app.readiness.register('database', async () => {
      if (!databaseUp) throw new Error('ping failed');
    });
    app.readiness.register('bus', () => undefined);
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { breakers: { status: 'up' }, database: { status: 'up' }, bus: { status: 'up' } },
    });

    databaseUp = false;
    app.readiness.register('breaker:payment', () => new Promise(() => {}));
    const notReady = await app.inject({ url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({
      status: 'not_ready',
      checks: {
        breakers: { status: 'up' },
        database: { status: 'down', detail: 'ping failed' },
        bus: { status: 'up' },
        'breaker:payment': { status: 'down', detail: 'no answer within 50 ms' },
      },
    });
  });

  it('refuses a duplicate check name and fails readiness once shutting down', async () => {
    buildDemo();
    app.readiness.register('database', () => undefined);
    expect(() => app.readiness.register('database', () => undefined)).toThrow(/already registered/);
    app.readiness.markShuttingDown();
    const res = await app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().checks.shutdown).toEqual({ status: 'down', detail: 'shutting down' });
  });
});

describe('OpenAPI', () => {
  it('documents the routes with their schemas and hides the platform routes', async () => {
    buildDemo();
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toEqual({ title: 'Demo', version: '1.2.3' });
    expect(Object.keys(doc.paths).sort()).toEqual(['/crash', '/orders', '/orders/{id}', '/unavailable']);
    const post = doc.paths['/orders'].post;
    expect(post.requestBody.content['application/json'].schema.properties.sku).toEqual({
      type: 'string',
      minLength: 1,
    });
    expect(post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(Object.keys(post.responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
      '503',
    ]);
    expect(post.responses['400'].content['application/json'].schema.required).toEqual(
      Problem.required as unknown as string[],
    );
    const list = doc.paths['/orders'].get;
    expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['limit', 'page', 'status']);
  });
});

describe('OpenAPI plugin registration', () => {
  it('counts @fastify/swagger as registered, so dependent plugins load normally', async () => {
    app = createService({ name: 'demo' });
    expect(app.hasPlugin('@fastify/swagger')).toBe(true);
    const swaggerUi = (await import('@fastify/swagger-ui')).default;
    await app.register(swaggerUi, { routePrefix: '/docs' });
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toMatch(/^3\./);
  });
});
