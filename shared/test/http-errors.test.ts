/** Error paths that must still answer problem+json without internals, whatever was thrown. */
import net from 'node:net';
import { createService, type ServiceApp } from '@b2b/shared/http';
import { afterEach, describe, expect, it } from 'vitest';
import { clientErrorResponse } from '../src/http/client-errors.ts';

let app: ServiceApp;
afterEach(async () => {
  await app?.close();
});

function appThrowing(thrown: () => unknown): ServiceApp {
  app = createService({ name: 'demo', logLevel: 'silent' });
  app.get('/boom', async () => {
    throw thrown();
  });
  return app;
}

describe('problem+json for anything a handler throws', () => {
  it.each([
    ['null', () => null],
    ['undefined', () => undefined],
    ['a string', () => 'connection to 10.0.3.7:27017 refused'],
    ['a number', () => 42],
  ])('answers a thrown %s with the bare 500 problem', async (_label, thrown) => {
    const res = await appThrowing(thrown).inject({ url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL', instance: '/boom' });
    expect(res.body).not.toContain('10.0.3.7');
    expect(res.body).not.toMatch(/Cannot read|null|undefined/);
  });

  it('keeps the 4xx status of a library error but not its message', async () => {
    const res = await appThrowing(() =>
      Object.assign(new Error('E11000 duplicate key error collection: user.users index: email_1'), {
        statusCode: 409,
      }),
    ).inject({ url: '/boom' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      title: 'Conflict',
      detail: 'Conflict',
    });
    expect(res.body).not.toContain('E11000');
  });

  it.each([
    [502, 'UPSTREAM_ERROR'],
    [503, 'SERVICE_UNAVAILABLE'],
    [504, 'UPSTREAM_TIMEOUT'],
  ])('keeps a thrown %i (try again later) without its message', async (status, code) => {
    const res = await appThrowing(() =>
      Object.assign(new Error('pool exhausted on docdb-1.internal'), { statusCode: status }),
    ).inject({ url: '/boom' });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, code });
    expect(res.body).not.toContain('docdb-1');
    if (status === 503) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers any other 5xx status as a bare 500', async () => {
    const res = await appThrowing(() => Object.assign(new Error('disk full'), { statusCode: 507 })).inject({
      url: '/boom',
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL' });
    expect(res.body).not.toContain('disk full');
  });
});

/** Sends raw bytes and collects everything the server writes until it closes the connection. */
function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(payload));
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('problem+json for requests the HTTP parser refuses', () => {
  it.each([
    ['a malformed request line', 'NOT HTTP AT ALL\r\n\r\n', 400, 'MALFORMED_REQUEST'],
    [
      'oversized headers',
      `GET /x HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
  ])('answers %s with a problem and a request id', async (_label, payload, status, code) => {
    app = createService({ name: 'demo', logLevel: 'silent' });
    app.get('/x', async () => 'ok');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as net.AddressInfo).port;
    const answer = await rawExchange(port, payload);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(head).toMatch(/\r\nx-request-id: [0-9a-f-]{36}/i);
    expect(JSON.parse(body)).toMatchObject({ status, code });
  });
});

describe('clientErrorResponse', () => {
  it('maps a request that did not arrive in time (server requestTimeout) to a 408 problem', () => {
    const { status, head, body } = clientErrorResponse({ code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    expect(status).toBe(408);
    expect(head).toMatch(/^HTTP\/1.1 408 Request Timeout\r\n/);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}\r\n`);
    expect(JSON.parse(body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  });
});
