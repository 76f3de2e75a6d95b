/**
 * Bodies larger than the owning service accepts are refused at the edge with 413, declared or
 * streamed: never forwarded to fail there as a broken pipe, answered 503 and counted against the
 * service's breaker (which would let one client cut everyone off).
 */
import { DEFAULT_BODY_LIMIT } from '@b2b/shared/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { bodyLimitFor } from '../src/body-limits.ts';
import { gatewayDefaults } from '../src/config.ts';
import { type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

let upstream: FakeUpstream;
let app: Awaited<ReturnType<typeof buildApp>>;
let base: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  app = await buildApp({
    // A breaker that two counted failures would open.
    config: testConfig(upstream.url, {
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    }),
    verifier: fakeVerifier,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

/** A body of `size` bytes sent chunked (no Content-Length), in 64 KiB pieces. */
function chunked(size: number): ReadableStream<Uint8Array> {
  let left = size;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const piece = Math.min(left, 64 * 1024);
      left -= piece;
      controller.enqueue(new Uint8Array(piece).fill(97));
    },
  });
}

function post(body: Uint8Array | ReadableStream<Uint8Array>, path = '/api/v1/auth/register') {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('request bodies over the limit', () => {
  it('a declared length over the services’ limit is refused with 413 without calling anyone', async () => {
    const hits = upstream.seen.length;
    for (let i = 0; i < 3; i++) {
      const res = await post(new Uint8Array(DEFAULT_BODY_LIMIT + 1));
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    }
    expect(upstream.seen.length).toBe(hits);
  });

  it('a streamed body is counted: over the limit is 413 and does not open the breaker', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await post(chunked(DEFAULT_BODY_LIMIT + 64 * 1024));
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    }
    const after = await fetch(`${base}/api/v1/users/me`);
    expect(after.status).toBe(200);
  });

  it('a streamed body within the limit arrives whole', async () => {
    const res = await post(chunked(300 * 1024));
    expect(res.status).toBe(201);
    expect(upstream.seen.at(-1)?.body.length).toBe(300 * 1024);
  });
});

describe('bodyLimitFor', () => {
  it('gives upload routes their larger limit and everything else the services’ default', () => {
    const limits = gatewayDefaults;
    expect(bodyLimitFor('POST', '/api/v1/admin/products/p-1/images', limits)).toBe(6 * 1024 * 1024);
    expect(bodyLimitFor('POST', '/api/v1/admin/products/p-1/images?alt=x', limits)).toBe(6 * 1024 * 1024);
    expect(bodyLimitFor('PUT', '/api/v1/admin/products/p-1/images', limits)).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor('POST', '/api/v1/admin/products/p-1/images/x', limits)).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor('POST', '/api/v1/admin/products/import', limits)).toBe(6 * 1024 * 1024);
    expect(bodyLimitFor('GET', '/api/v1/admin/products/import', limits)).toBe(DEFAULT_BODY_LIMIT);
    expect(bodyLimitFor('POST', '/api/v1/auth/register', limits)).toBe(DEFAULT_BODY_LIMIT);
  });
});
