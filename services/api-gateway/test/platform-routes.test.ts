import { serviceNames, services } from '@b2b/shared/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { upstreamServices } from '../src/config.ts';
import { type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

let upstream: FakeUpstream;
let app: Awaited<ReturnType<typeof buildApp>>;
let now = 1_000_000;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  app = await buildApp({ config: testConfig(upstream.url), verifier: fakeVerifier, clock: () => now });
});
afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

/** Upstreams with API areas: the web apps (live, no API) have no OpenAPI document to merge. */
const apiServices = () => upstreamServices().filter((name) => services[name].apiAreas.length > 0);

type Health = { status: string; services: { name: string; status: string }[] };

describe('GET /api/v1/health', () => {
  it('is 200 and lists every service when all live ones are ready', async () => {
    upstream.ready = true;
    now += 5_000;
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json<Health>();
    expect(body.status).toBe('ok');
    expect(body.services.map((s) => s.name)).toEqual(serviceNames);
    const byName = Object.fromEntries(body.services.map((s) => [s.name, s.status]));
    expect(byName).toMatchObject({
      'api-gateway': 'up',
      user: 'up',
      search: 'up',
      'customer-portal': 'up',
      'admin-dashboard': 'up',
    });
  });

  it('is 503 with the failing service marked down when one is not ready', async () => {
    upstream.ready = false;
    now += 5_000;
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(503);
    const body = res.json<Health>();
    expect(body.status).toBe('degraded');
    expect(body.services.find((s) => s.name === 'user')?.status).toBe('down');
    upstream.ready = true;
  });
});

describe('GET /api/v1/openapi.json', () => {
  it("merges the services' documents under /api/v1 without internal routes", async () => {
    now += 60_000;
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      paths: Record<string, unknown>;
      components: { schemas: object };
      'x-services': object;
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/me', '/api/v1/health']),
    );
    expect(Object.keys(doc.paths).some((p) => p.includes('internal') || p.includes('/health/ready'))).toBe(
      false,
    );
    expect(doc.components.schemas).toHaveProperty('Profile');
    expect(doc['x-services']).toEqual({ included: apiServices(), unavailable: {} });
  });

  it('is cached briefly, then skips a service that is down and says so', async () => {
    const port = upstream.port;
    await upstream.close();
    const cached = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(Object.keys(cached.json<{ paths: object }>().paths)).toContain('/api/v1/users/me');
    now += 60_000;
    const fresh = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(fresh.statusCode).toBe(200);
    const doc = fresh.json<{ paths: object; 'x-services': { unavailable: Record<string, string> } }>();
    expect(doc['x-services'].unavailable).toEqual(
      Object.fromEntries(apiServices().map((name) => [name, 'not reachable'])),
    );
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/users/me');
    upstream = await startFakeUpstream(port);
  });
});

describe('Swagger UI', () => {
  it('is served at /api/docs and reads the merged document', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // Its own CSP (the API's `default-src 'none'` would blank the page), without forcing https locally.
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    const init = await app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('/api/v1/openapi.json');
  });
});
