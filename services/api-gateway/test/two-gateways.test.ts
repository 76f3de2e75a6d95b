import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(async () => upstream?.close());

it("a second gateway in the same process does not switch off the first one's breaker", async () => {
  const breaker = { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 };
  const first = await buildApp({ config: testConfig(upstream.url, { breaker }), verifier: fakeVerifier });
  const second = await buildApp({ config: testConfig(upstream.url), verifier: fakeVerifier });
  try {
    expect((await second.inject({ method: 'GET', url: '/api/v1/users/me' })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect((await first.inject({ method: 'GET', url: '/api/v1/users/fail' })).statusCode).toBe(500);
    }
    const hits = upstream.seen.length;
    const open = await first.inject({ method: 'GET', url: '/api/v1/users/fail' });
    expect(open.statusCode).toBe(503);
    expect(upstream.seen.length).toBe(hits);
    // The second gateway's own breaker is independent: still closed.
    expect((await second.inject({ method: 'GET', url: '/api/v1/users/me' })).statusCode).toBe(200);
  } finally {
    await first.close();
    await second.close();
  }
});
