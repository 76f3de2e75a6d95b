import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadBalancer, startLoadBalancer } from '../src/load-balancer.ts';
import { buildPathRules } from '../src/path-rules.ts';

let upstream: http.Server;
let upstreamPort: number;
let balancer: LoadBalancer;
let base: string;
let seen: http.IncomingHttpHeaders = {};

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    seen = req.headers;
    if (req.url === '/api/echo') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'text/plain', 'x-upstream': 'gateway' });
        res.end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
      });
      return;
    }
    if (req.url === '/api/too-large') {
      // As the gateway refuses an oversized body: at once, from the declared length, unread.
      res.writeHead(413, { 'content-type': 'application/problem+json' });
      res.end('{"status":413}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${req.method} ${req.url}`);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamPort = (upstream.address() as AddressInfo).port;
  // A port with nothing listening: bind, read it, close.
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));

  balancer = await startLoadBalancer({
    rules: buildPathRules(),
    port: 0,
    targetPort: (s) => (s === 'api-gateway' ? upstreamPort : s === 'admin-dashboard' ? deadPort : undefined),
  });
  base = `http://127.0.0.1:${balancer.port}`;
});

afterAll(async () => {
  await balancer?.close();
  await new Promise<void>((r) => upstream.close(() => r()));
});

describe('local load balancer', () => {
  it('proxies /api/* with the body, status, headers and X-Forwarded-* like the ALB', async () => {
    // node:http rather than fetch: fetch refuses to send a custom Connection header.
    const res = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const req = http.request(`${base}/api/echo`, {
          method: 'POST',
          headers: {
            'x-forwarded-for': '203.0.113.9',
            connection: 'keep-alive, x-secret-hop',
            'x-secret-hop': '1',
          },
        });
        req.once('error', reject);
        req.once('response', (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => {
            body += c;
          });
          r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body }));
        });
        req.end('hello');
      },
    );
    expect(res.status).toBe(201);
    expect(res.headers['x-upstream']).toBe('gateway');
    expect(res.body).toBe('POST /api/echo hello');
    expect(seen['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-secret-hop']).toBeUndefined();
  });

  it('passes an early answer to a large upload on, every time on a kept-alive client (the gateway’s 413)', async () => {
    const body = 'x'.repeat(2 * 1024 * 1024);
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${base}/api/too-large`, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(5_000),
      });
      expect(res.status).toBe(413);
      expect(await res.text()).toBe('{"status":413}');
    }
    // Positive control: the same client's next ordinary request goes through.
    const echo = await fetch(`${base}/api/echo`, { method: 'POST', body: 'small' });
    expect(await echo.text()).toBe('POST /api/echo small');
  });

  it('answers 503 problem+json for a target that is not built yet', async () => {
    const res = await fetch(`${base}/products?token=secret`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { status: number; detail: string; instance: string };
    expect(body.status).toBe(503);
    expect(body.detail).toContain('customer-portal');
    expect(body.instance).toBe('/products');
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('answers a 503 HTML page to a browser', async () => {
    const res = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('customer-portal');
  });

  it('answers 503 when the target process is not listening', async () => {
    const res = await fetch(`${base}/admin`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { detail: string }).detail).toContain('admin-dashboard');
  });
});
