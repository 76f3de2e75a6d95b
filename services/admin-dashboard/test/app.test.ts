import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBuild, fakeIndexHtml, writeFakeBuild } from '../../../web/kit/test/support/fake-build.ts';
import { BASE_PATH, buildApp } from '../src/app.ts';

let build: FakeBuild;
beforeAll(() => {
  build = writeFakeBuild();
});
afterAll(() => build.remove());

describe('admin-dashboard service', () => {
  it('is mounted at /admin/ (the load balancer rule) and serves deep links and /config.json there', async () => {
    expect(BASE_PATH).toBe('/admin/');
    const app = await buildApp({ root: build.root, environment: 'development' });
    try {
      const deep = await app.inject({ url: '/admin/orders/42' });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toBe(fakeIndexHtml);
      const config = await app.inject({ url: '/admin/config.json' });
      expect(config.json()).toEqual({ apiBaseUrl: '/api/v1', environment: 'development' });
      expect((await app.inject({ url: '/admin/assets/gone-12345678.js' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
