import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { ServiceApp } from '@b2b/shared/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebService,
  IMMUTABLE_CACHE,
  MissingBuildError,
  REVALIDATE_CACHE,
} from '../src/server/index.ts';
import {
  type FakeBuild,
  fakeIndexHtml,
  fakeScript,
  fakeScriptName,
  writeFakeBuild,
} from './support/fake-build.ts';

const expectedCsp =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: https://res.cloudinary.com;" +
  "connect-src 'self';frame-ancestors 'none';base-uri 'self';form-action 'self'";

let build: FakeBuild;
const apps: ServiceApp[] = [];

async function appAt(basePath: string): Promise<ServiceApp> {
  const app = await buildWebService({
    name: 'customer-portal',
    root: build.root,
    basePath,
    runtimeConfig: { apiBaseUrl: '/api/v1', environment: 'test' },
  });
  apps.push(app);
  return app;
}

beforeAll(() => {
  build = writeFakeBuild();
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  build.remove();
});

describe.each(['/', '/admin/'])('a web app mounted at %s', (base) => {
  it('serves index.html at the base with no-cache and the strict CSP', async () => {
    const app = await appAt(base);
    const res = await app.inject({ url: base });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe(REVALIDATE_CACHE);
    expect(res.headers['content-security-policy']).toBe(expectedCsp);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toBe(fakeIndexHtml);
  });

  it('answers a deep link with index.html (SPA fallback), a query string included', async () => {
    const app = await appAt(base);
    const res = await app.inject({ url: `${base}orders/ord_123?tab=items` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(REVALIDATE_CACHE);
    expect(res.headers['content-security-policy']).toBe(expectedCsp);
    expect(res.body).toBe(fakeIndexHtml);
  });

  it('serves a hashed asset as immutable for a year', async () => {
    const app = await appAt(base);
    const res = await app.inject({ url: `${base}assets/${fakeScriptName}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(res.body).toBe(fakeScript);
  });

  it('answers a missing hashed asset with a problem+json 404, not index.html', async () => {
    const app = await appAt(base);
    const res = await app.inject({ url: `${base}assets/index-0ldHash1.js` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(res.body).not.toContain('<div id="root">');
  });

  it('sends the brotli sibling when accepted, gzip when only gzip is, identity otherwise', async () => {
    const app = await appAt(base);
    const url = `${base}assets/${fakeScriptName}`;
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(fakeScript);
    const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(fakeScript);
    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(fakeScript);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
  });

  it('serves /config.json from the runtime settings, never cached', async () => {
    const app = await appAt(base);
    const res = await app.inject({ url: `${base}config.json` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(REVALIDATE_CACHE);
    expect(res.json()).toEqual({ apiBaseUrl: '/api/v1', environment: 'test' });
  });

  it('keeps /health answering JSON', async () => {
    const app = await appAt(base);
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });
});

describe('the /admin/ mount', () => {
  it('redirects /admin to /admin/ and answers nothing outside its base', async () => {
    const app = await appAt('/admin/');
    const bare = await app.inject({ url: '/admin' });
    expect(bare.statusCode).toBe(308);
    expect(bare.headers.location).toBe('/admin/');
    const outside = await app.inject({ url: '/orders/1' });
    expect(outside.statusCode).toBe(404);
    const inside = await app.inject({ url: '/admin/orders/1' });
    expect(inside.statusCode).toBe(200);
  });

  it('does not fall back for writes', async () => {
    const app = await appAt('/');
    const res = await app.inject({ method: 'POST', url: '/orders', payload: {} });
    expect(res.statusCode).toBe(404);
    const page = await app.inject({ method: 'GET', url: '/orders' });
    expect(page.statusCode).toBe(200);
  });
});

describe('start-up without a build', () => {
  it('refuses to start, naming the fix', async () => {
    await expect(
      buildWebService({
        name: 'customer-portal',
        root: `${build.root}/nowhere`,
        basePath: '/',
        runtimeConfig: { apiBaseUrl: '/api/v1', environment: 'test' },
      }),
    ).rejects.toBeInstanceOf(MissingBuildError);
  });
});

describe('the portal at /', () => {
  it('answers /internal/* (the services’ private API, reached by the default rule) with a 404, not the app', async () => {
    const app = await appAt('/');
    for (const url of ['/internal', '/internal/users/u1', '/internal/feeds/revocations?after=0']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Positive control: a page whose name merely starts like it is still a page.
    expect((await app.inject({ url: '/internals-guide' })).statusCode).toBe(200);
  });
});
