import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoadClient, runClosedLoop } from '../src/driver.ts';

let server: Server;
let origin: string;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  // Answers /ok after 20 ms (so concurrent requests overlap), /fail with 503, and records overlap.
  server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(req.url === '/fail' ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the closed-loop driver', () => {
  it('keeps `concurrency` requests in flight for the step and records each under its route', async () => {
    const client = createLoadClient(origin, 8);
    maxInFlight = 0;
    let i = 0;
    const { elapsedMs } = await runClosedLoop({
      concurrency: 8,
      durationMs: 500,
      iteration: async () => {
        await client.send(i++ % 4 === 0 ? 'bad' : 'good', {
          method: 'GET',
          path: i % 4 === 1 ? '/fail' : '/ok',
        });
      },
    });
    const samples = client.take();
    await client.close();
    expect(elapsedMs).toBeGreaterThanOrEqual(500);
    expect(maxInFlight).toBe(8);
    expect(samples.length).toBeGreaterThan(8);
    for (const s of samples) expect(s.ms).toBeGreaterThanOrEqual(15);
    expect(samples.filter((s) => s.route === 'bad').every((s) => s.status === 503)).toBe(true);
    expect(samples.filter((s) => s.route === 'good').every((s) => s.status === 200)).toBe(true);
    // take() hands the samples over once.
    expect(client.take()).toEqual([]);
    // What the failures were: the first 503 of route "bad", and none of "good".
    expect([...client.failureExamples().keys()]).toEqual(['bad 503']);
  });

  it('sends bodies as JSON and parses JSON answers', async () => {
    const client = createLoadClient(origin, 1);
    const answer = await client.send('post', { method: 'POST', path: '/ok', body: { a: 1 } });
    await client.close();
    expect(answer).toEqual({ status: 200, body: { path: '/ok', method: 'POST' } });
  });

  it('records a request without an answer as status 0 instead of throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createLoadClient(`http://127.0.0.1:${port}`, 1);
    const answer = await client.send('gone', { method: 'GET', path: '/' });
    const samples = client.take();
    await client.close();
    expect(answer.status).toBe(0);
    expect(samples).toEqual([expect.objectContaining({ route: 'gone', status: 0 })]);
    expect(client.failureExamples().get('gone 0')).toMatch(/ECONNREFUSED|connect|fetch failed/i);
  });

  it('refuses any target but 127.0.0.1', () => {
    expect(() => createLoadClient('http://example.com', 1)).toThrow(/127\.0\.0\.1 only/);
    expect(() => createLoadClient('http://localhost:80', 1)).toThrow(/127\.0\.0\.1 only/);
    expect(() => createLoadClient('http://127.0.0.1:1', 1)).not.toThrow();
  });

  it('stops the loops when the signal aborts, long before the duration', async () => {
    const client = createLoadClient(origin, 2);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { elapsedMs } = await runClosedLoop({
      concurrency: 2,
      durationMs: 60_000,
      signal: controller.signal,
      iteration: async () => {
        await client.send('ok', { method: 'GET', path: '/ok' });
      },
    });
    await client.close();
    expect(elapsedMs).toBeLessThan(5_000);
  });
});
