/**
 * Test harness: a small local upstream standing in for the user service, a gateway config
 * pointing at it, and a fake token verifier with two known users.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors } from '@b2b/shared/errors';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../src/config.ts';
import { gatewayDefaults, upstreamServices } from '../src/config.ts';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeUpstream {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly port: number;
  readonly seen: SeenRequest[];
  /** Requests to /users/hang that are still open. */
  readonly hanging: Set<() => void>;
  ready: boolean;
  close(): Promise<void>;
}

export const openApiOfUpstream = {
  openapi: '3.0.3',
  info: { title: 'user API', version: '1.0.0' },
  paths: {
    '/auth/login': { post: { summary: 'Log in', responses: { 200: { description: 'tokens' } } } },
    '/users/me': {
      get: { summary: 'Own profile', tags: ['users'], responses: { 200: { description: 'profile' } } },
    },
    '/internal/revocations': { get: { responses: { 200: { description: 'feed' } } } },
    '/health/ready': { get: { responses: { 200: { description: 'ready' } } } },
  },
  components: { schemas: { Profile: { type: 'object', properties: { id: { type: 'string' } } } } },
};

/** A user-service stand-in: echoes what it received; special paths fail, hang or answer 500. */
export async function startFakeUpstream(
  port = 0,
  extraRoutes?: (app: FastifyInstance) => void,
): Promise<FakeUpstream> {
  const app = Fastify();
  const seen: SeenRequest[] = [];
  const hanging = new Set<() => void>();
  const upstream: FakeUpstream = {
    app,
    url: '',
    port: 0,
    seen,
    hanging,
    ready: true,
    async close() {
      for (const release of hanging) release();
      await app.close();
    },
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.get('/health/ready', async (_req, reply) =>
    reply.code(upstream.ready ? 200 : 503).send({ ready: upstream.ready }),
  );
  app.get('/openapi.json', async () => openApiOfUpstream);
  app.get('/users/hang', (_req, reply) => {
    // Never answers until the test releases it (or the server closes).
    hanging.add(() => reply.code(200).send({ late: true }));
  });
  app.get('/users/fail', async (req, reply) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body: '' });
    return reply.code(500).send({ title: 'Internal Server Error', status: 500 });
  });
  extraRoutes?.(app);
  app.all('/*', async (req, reply) => {
    const body = typeof req.body === 'string' ? req.body : '';
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    return reply
      .code(req.method === 'POST' ? 201 : 200)
      .header('x-upstream', 'user')
      .header('keep-alive', 'timeout=72')
      .send({ method: req.method, url: req.url, body });
  });
  await app.listen({ port, host: '127.0.0.1' });
  const actual = (app.server.address() as AddressInfo).port;
  return Object.assign(upstream, { url: `http://127.0.0.1:${actual}`, port: actual });
}

/** A port that nothing listens on (bound, read, released). */
export async function deadPort(): Promise<number> {
  const probe = Fastify();
  await probe.listen({ port: 0, host: '127.0.0.1' });
  const port = (probe.server.address() as AddressInfo).port;
  await probe.close();
  return port;
}

/**
 * Every live backend of the catalogue answered by one fake upstream, so a service turning live
 * does not break the gateway's tests.
 */
export function testConfig(userUrl: string, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    upstreams: Object.fromEntries(upstreamServices().map((name) => [name, userUrl])),
    corsOrigins: ['https://shop.example.com'],
    rateLimit: { anonymousPerMinute: 1_000, userPerMinute: 1_000, credentialsPerMinute: 1_000 },
    upstream: { connectTimeoutMs: 500, requestTimeoutMs: 400 },
    breaker: { volumeThreshold: 1_000, errorThresholdPercentage: 50, resetTimeoutMs: 1_000 },
    trustedProxies: gatewayDefaults.trustedProxies,
    openapiCacheMs: 10_000,
    healthTimeoutMs: 500,
    bodyLimitBytes: gatewayDefaults.bodyLimitBytes,
    uploadBodyLimitBytes: gatewayDefaults.uploadBodyLimitBytes,
    ...overrides,
  };
}

/** Tokens the fake verifier accepts: `token-<userId>`; `expired` is refused like a real expired token. */
export const fakeVerifier = {
  calls: 0,
  async verify(token: string) {
    fakeVerifier.calls += 1;
    const match = /^token-([a-z0-9]+)$/.exec(token);
    if (match) return { id: match[1]! };
    if (token === 'expired') throw errors.unauthorized('Token expired', 'TOKEN_EXPIRED');
    throw errors.unauthorized('Invalid token', 'INVALID_TOKEN');
  },
};
