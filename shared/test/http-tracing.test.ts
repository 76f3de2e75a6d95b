import { afterAll, describe, expect, it, vi } from 'vitest';

// The tracing module decides once, at import, whether a daemon is configured: set it first.
vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', '127.0.0.1:2000');
const { createService } = await import('@b2b/shared/http');

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('createService with X-Ray configured', () => {
  it('opens a segment per request and returns its trace id, also on errors', async () => {
    const app = createService({ name: 'traced' });
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    try {
      const ok = await app.inject({ url: '/health' });
      expect(ok.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=[01]$/);
      const failed = await app.inject({ url: '/boom' });
      expect(failed.statusCode).toBe(500);
      expect(failed.headers['x-amzn-trace-id']).toMatch(/^Root=1-/);
      expect(failed.headers['x-request-id']).toBeTruthy();
    } finally {
      await app.close();
    }
  });
});
