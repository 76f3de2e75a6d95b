import net from 'node:net';
import { Writable } from 'node:stream';
import { censorSensitive, createService, isSensitiveKey, redactUrl, type ServiceApp } from '@b2b/shared/http';
import { UpstreamError } from '@b2b/shared/resilience';
import { pollUntil } from '@b2b/test-kit/poll';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceLogger } from '../src/http/logger.ts';

/** Collects every JSON log line the service writes. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  return { stream, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const secrets = {
  password: 'Correct-Horse-Battery-9',
  newPassword: 'Next-Horse-Battery-10',
  accessToken: 'eyJhbGciOiJFZERTQSJ9.access.sig',
  refreshToken: 'rt_5f1d9a0c77e24b1e',
  resetToken: 'reset_81c2d7e4',
  cardNumber: '4242424242424242',
  cvc: '737',
  bearer: 'Bearer eyJhbGciOiJFZERTQSJ9.header.sig',
  cookie: 'sid=s3ss10n-c00k1e',
};

let app: ServiceApp;
afterEach(async () => {
  await app?.close();
});

describe('log redaction', () => {
  it('never writes passwords, tokens, card data, authorization or cookies', async () => {
    const logs = captureLogs();
    app = createService({ name: 'user', logLevel: 'debug', logStream: logs.stream });
    app.post(
      '/auth/login',
      {
        schema: {
          body: Type.Object(
            {
              email: Type.String(),
              password: Type.String(),
              payment: Type.Optional(
                Type.Object({ card: Type.Object({ cardNumber: Type.String(), cvc: Type.String() }) }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ accessToken: Type.String(), refreshToken: Type.String() }) },
        },
      },
      async (request) => {
        // A careless handler logging everything it has: redaction must still hold.
        request.log.info({ body: request.body, headers: request.headers }, 'login attempt');
        request.log.debug(
          { user: { profile: { newPassword: secrets.newPassword, resetToken: secrets.resetToken } } },
          'nested',
        );
        const tokens = { accessToken: secrets.accessToken, refreshToken: secrets.refreshToken };
        request.log.info({ result: tokens }, 'issued');
        return tokens;
      },
    );
    app.get('/fail', async (request) => {
      request.log.warn({ token: secrets.accessToken }, 'about to fail');
      throw new Error(`boom: cannot reach mongodb://app:${secrets.password}@db:27017/user`);
    });

    const res = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { authorization: secrets.bearer, cookie: secrets.cookie, 'x-request-id': 'login-1' },
      payload: {
        email: 'a@example.com',
        password: secrets.password,
        payment: { card: { cardNumber: secrets.cardNumber, cvc: secrets.cvc } },
      },
    });
    expect(res.statusCode).toBe(200);
    await app.inject({ url: `/fail?token=${secrets.resetToken}&page=2` });
    // A validation failure must not echo the rejected body either.
    await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { password: secrets.password, extra: 1 },
    });

    const output = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(5);
    for (const value of Object.values(secrets)) expect(output).not.toContain(value);
    expect(output).not.toContain('s3ss10n');

    const records = logs.records();
    const attempt = records.find((r) => r['msg'] === 'login attempt') as {
      body: { email: string; password: string; payment: { card: { cardNumber: string } } };
      headers: Record<string, string>;
      reqId: string;
    };
    // Redacted, not dropped: the shape stays useful for debugging.
    expect(attempt.body.email).toBe('a@example.com');
    expect(attempt.body.password).toBe('[Redacted]');
    expect(attempt.body.payment.card.cardNumber).toBe('[Redacted]');
    expect(attempt.headers['authorization']).toBe('[Redacted]');
    expect(attempt.headers['cookie']).toBe('[Redacted]');
    expect(attempt.reqId).toBe('login-1');

    // The 500 is logged with its request id and stack; the URL's token is masked.
    const crash = records.find((r) => r['msg'] === 'unhandled error') as {
      reqId: string;
      err: { stack: string };
    };
    expect(crash.err.stack).toContain('boom: cannot reach mongodb://app:[Redacted]@db:27017/user');
    expect(crash.reqId).toMatch(/^[0-9a-f-]{36}$/);
    // One access line per request, written with the answer: URL masked, status and time taken.
    const completed = records.filter(
      (r) =>
        r['msg'] === 'request completed' && String((r['req'] as { url: string }).url).startsWith('/fail'),
    ) as unknown as { req: { url: string }; res: { statusCode: number }; responseTime: number }[];
    expect(completed).toHaveLength(1);
    expect(completed[0]!.req.url).toBe('/fail?token=[Redacted]&page=2');
    expect(completed[0]!.res.statusCode).toBe(500);
    expect(completed[0]!.responseTime).toBeGreaterThanOrEqual(0);
    expect(records.some((r) => r['msg'] === 'incoming request')).toBe(false);
    expect(records.every((r) => r['service'] === 'user')).toBe(true);
  });

  it('masks sensitive query parameters in URLs', () => {
    expect(redactUrl('/a?token=x&page=1&Password=y&resetToken=z')).toBe(
      '/a?token=[Redacted]&page=1&Password=[Redacted]&resetToken=[Redacted]',
    );
    expect(redactUrl('/plain')).toBe('/plain');
  });

  it('censors sensitive keys at any depth without touching the original object', () => {
    const original = {
      user: { email: 'a@b.c', Password: 'p1' },
      list: [{ deep: { deeper: { deepest: { level5: { level6: { refreshToken: 'rt' } } } } } }],
      headers: Object.assign(Object.create(null), { Authorization: 'Bearer x', accept: 'json' }),
      keep: 'me',
    };
    const censored = censorSensitive(original) as typeof original;
    expect(censored.user).toEqual({ email: 'a@b.c', Password: '[Redacted]' });
    expect(JSON.stringify(censored)).not.toContain('"rt"');
    expect(censored.headers.Authorization).toBe('[Redacted]');
    expect(censored.keep).toBe('me');
    expect(original.user.Password).toBe('p1');
    const clean = { a: { b: [1, 2, { c: 'd' }] } };
    expect(censorSensitive(clean)).toBe(clean);
  });

  it('censors keys that name a password, secret, private key or token, and connection strings', () => {
    const config = {
      DOCDB_PASSWORD: 'pw',
      MONGODB_URI: 'mongodb://app:pw@db',
      clientSecret: 'cs',
      idToken: 'it',
      signing: { privateKey: 'pk' },
      PORT: 3001,
    };
    expect(censorSensitive(config)).toEqual({
      DOCDB_PASSWORD: '[Redacted]',
      MONGODB_URI: '[Redacted]',
      clientSecret: '[Redacted]',
      idToken: '[Redacted]',
      signing: { privateKey: '[Redacted]' },
      PORT: 3001,
    });
    expect(isSensitiveKey('tokens')).toBe(false);
  });

  it('censors inside errors, under err or any other key, and in an upstream answer they carry', async () => {
    const logs = captureLogs();
    app = createService({ name: 'user', logLevel: 'info', logStream: logs.stream });
    const clientError = Object.assign(new Error('call failed'), {
      config: { headers: { Authorization: secrets.bearer, accept: 'application/json' } },
    });
    const upstream = new UpstreamError(
      'user',
      200,
      { accessToken: secrets.accessToken, refreshToken: secrets.refreshToken, user: { id: 'u1' } },
      { status: 502, code: 'UPSTREAM_ERROR' },
    );
    app.get('/fail', async (request) => {
      request.log.warn({ err: clientError }, 'client call failed');
      request.log.warn({ failure: upstream, nested: { cause: clientError } }, 'upstream answer unusable');
      return 'ok';
    });
    await app.inject({ url: '/fail' });
    const written = logs.lines.join('\n');
    expect(written).not.toContain(secrets.accessToken);
    expect(written).not.toContain(secrets.refreshToken);
    expect(written).not.toContain('eyJhbGciOiJFZERTQSJ9');
    const [first, second] = logs
      .records()
      .filter((r) => String(r['msg']).includes('fail') || String(r['msg']).includes('upstream'));
    // Still useful for debugging: the error's type, message and harmless fields remain.
    expect(first?.['err']).toMatchObject({
      type: 'Error',
      message: 'call failed',
      config: { headers: { Authorization: '[Redacted]', accept: 'application/json' } },
    });
    expect(second?.['failure']).toMatchObject({
      type: 'UpstreamError',
      upstreamBody: { accessToken: '[Redacted]', user: { id: 'u1' } },
    });
  });

  it('writes the access line of a request whose socket is already gone (Connection: close, trustProxy on)', async () => {
    const logs = captureLogs();
    app = createService({ name: 'api-gateway', logLevel: 'info', logStream: logs.stream, trustProxy: true });
    app.get('/fast', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    // The answer ends the connection: by the time the access line is written the socket is detached.
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', reject);
        socket.on('close', () => resolve());
        socket.end('GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        socket.resume();
      });
    }
    expect((await fetch(`http://127.0.0.1:${port}/fast`)).status).toBe(200);
    const completed = await pollUntil(
      () => {
        const lines = logs.records().filter((r) => r['msg'] === 'request completed');
        return lines.length >= 21 ? lines : undefined;
      },
      { timeoutMs: 5_000 },
    );
    expect(completed.every((r) => (r['req'] as { url: string }).url === '/fast')).toBe(true);
  });

  it('a request whose client address cannot be read is logged without it, never a crash', () => {
    const logs = captureLogs();
    const log = createServiceLogger({ name: 'api-gateway', level: 'info', stream: logs.stream });
    // As Fastify's request: `ip` is a getter on the prototype, reading the (now null) socket.
    class GoneRequest {
      method = 'GET';
      url = '/x';
      get ip(): string {
        throw new TypeError("Cannot read properties of null (reading 'remoteAddress')");
      }
    }
    const gone = new GoneRequest();
    log.info({ req: gone }, 'request completed');
    log.info({ req: { method: 'GET', url: '/y', ip: '10.0.0.1' } }, 'request completed');
    expect(logs.records().map((r) => r['req'])).toEqual([
      { method: 'GET', url: '/x' },
      { method: 'GET', url: '/y', remoteAddress: '10.0.0.1' },
    ]);
  });

  it('scrubs credentials quoted in text: messages, error messages and string values', async () => {
    const logs = captureLogs();
    app = createService({ name: 'user', logLevel: 'info', logStream: logs.stream });
    app.log.warn(`refresh failed for ${secrets.bearer}`);
    app.log.warn({ detail: `upstream said ${secrets.accessToken}` }, 'odd answer');
    app.log.error(
      new Error(`cannot reach mongodb://app:S3cret-pw@db:27017 with ${secrets.accessToken}`),
      'db',
    );
    app.log.info({ note: 'basic plan chosen', link: 'http://example.com/a' }, 'kept');
    const written = logs.lines.join('\n');
    expect(written).not.toContain(secrets.accessToken);
    expect(written).not.toContain('eyJhbGciOiJFZERTQSJ9');
    expect(written).not.toContain('S3cret-pw');
    expect(written).toContain('Bearer [Redacted]');
    expect(written).toContain('basic plan chosen');
    expect(written).toContain('http://example.com/a');
  });

  it('censors headers and card fields in every spelling', () => {
    const censored = censorSensitive({
      headers: {
        'proxy-authorization': 'Basic dXNlcjpwYXNz',
        'idempotency-key': 'k-1',
        'x-api-key': 'ak',
        api_key: 'ak',
        refresh_token: 'rt',
        accept: 'json',
      },
      paymentCard: { number: '4242424242424242', expMonth: 12, cvv: '123', brand: 'visa', last4: '4242' },
      card_number: '4111111111111111',
      securityCode: '999',
      number: 7,
    });
    expect(censored).toEqual({
      headers: {
        'proxy-authorization': '[Redacted]',
        'idempotency-key': '[Redacted]',
        'x-api-key': '[Redacted]',
        api_key: '[Redacted]',
        refresh_token: '[Redacted]',
        accept: 'json',
      },
      paymentCard: {
        number: '[Redacted]',
        expMonth: '[Redacted]',
        cvv: '[Redacted]',
        brand: 'visa',
        last4: '4242',
      },
      card_number: '[Redacted]',
      securityCode: '[Redacted]',
      number: 7,
    });
  });

  it('survives circular objects', () => {
    const loop: Record<string, unknown> = { token: 't', name: 'loop' };
    loop['self'] = loop;
    const censored = censorSensitive(loop) as Record<string, unknown>;
    expect(censored['token']).toBe('[Redacted]');
    expect(censored['self']).toBe('[Circular]');
  });
});
