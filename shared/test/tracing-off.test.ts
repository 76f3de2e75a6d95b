import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';

// This file must run without a daemon configured (each vitest file runs in its own process).
delete process.env.AWS_XRAY_DAEMON_ADDRESS;
const tracing = await import('@b2b/shared/tracing');

function xraySdkLoaded(): boolean {
  const cache = createRequire(import.meta.url).cache;
  return Object.keys(cache).some((path) => path.includes('aws-xray-sdk-core'));
}

describe('tracing without a daemon', () => {
  it('is off, adds no hook, and never loads the X-Ray SDK', async () => {
    expect(tracing.tracingEnabled()).toBe(false);
    const app = Fastify();
    const addHook = vi.spyOn(app, 'addHook');
    tracing.registerTracing(app, 'user');
    expect(addHook).not.toHaveBeenCalled();

    app.get('/ping', async () => ({ trace: tracing.currentTraceHeader() ?? null }));
    const res = await app.inject({ method: 'GET', url: '/ping' });
    expect(res.json()).toEqual({ trace: null });
    expect(res.headers['x-amzn-trace-id']).toBeUndefined();
    await app.close();
    expect(xraySdkLoaded()).toBe(false);
  });

  it('leaves AWS clients and handlers untouched', async () => {
    const client = { send: () => 'sent' };
    expect(tracing.captureAwsClient(client)).toBe(client);
    await expect(
      tracing.runWithTraceHeader('Root=1-abc;Sampled=1', 'consumer', async () => 42),
    ).resolves.toBe(42);
    expect(xraySdkLoaded()).toBe(false);
  });
});
