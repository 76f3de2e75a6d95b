/**
 * Small upstream answers are read whole and sent as one buffer; larger ones and those without a
 * declared length stream. Either way the client gets the upstream's bytes, status and length.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { isSmallBody, maxBufferedBodyBytes } from '../src/small-body.ts';
import { type FakeUpstream, fakeVerifier, startFakeUpstream, testConfig } from './harness.ts';

const big = 'x'.repeat(maxBufferedBodyBytes * 4);
let upstream: FakeUpstream;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  upstream = await startFakeUpstream(0, (fake) => {
    fake.get('/users/small', async (_req, reply) => reply.type('application/json').send('{"small":true}'));
    fake.get('/users/big', async (_req, reply) => reply.type('text/plain').send(big));
    fake.get('/users/chunked', (_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write('part one, ');
      reply.raw.end('part two');
    });
    // Declares 100 bytes, sends 10, then drops the connection.
    fake.get('/users/cut', (_req, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      reply.raw.write('{"cut":tru', () => reply.raw.destroy());
    });
  });
  app = await buildApp({ config: testConfig(upstream.url), verifier: fakeVerifier });
});
afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe('which answers are read whole', () => {
  it('a declared length up to the limit, except where there is no body', () => {
    expect(isSmallBody('GET', 200, { 'content-length': '14' })).toBe(true);
    expect(isSmallBody('GET', 200, { 'content-length': String(maxBufferedBodyBytes) })).toBe(true);
    expect(isSmallBody('GET', 200, { 'content-length': String(maxBufferedBodyBytes + 1) })).toBe(false);
    expect(isSmallBody('GET', 200, {})).toBe(false);
    expect(isSmallBody('GET', 200, { 'content-length': '1e3' })).toBe(false);
    expect(isSmallBody('HEAD', 200, { 'content-length': '14' })).toBe(false);
    expect(isSmallBody('GET', 304, { 'content-length': '14' })).toBe(false);
  });
});

describe('forwarded answers, buffered or streamed', () => {
  it('passes a small answer with its status, type and length', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/small' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"small":true}');
    expect(res.headers['content-length']).toBe('14');
    expect(res.headers['content-type']).toContain('application/json');
  });

  it('streams a large answer through whole', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/big' });
    expect(res.statusCode).toBe(200);
    expect(res.body.length).toBe(big.length);
    expect(res.body).toBe(big);
  });

  it('streams an answer without a declared length', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/chunked' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('part one, part two');
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/api/v1/users/small' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('14');
    expect(res.body).toBe('');
  });

  it('answers 503 rather than a truncated body when a small answer is cut off', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users/cut' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    // Control: the same route shape with a whole body goes through.
    expect((await app.inject({ method: 'GET', url: '/api/v1/users/small' })).statusCode).toBe(200);
  });
});
