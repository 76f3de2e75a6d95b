/**
 * The api-gateway: the single entry for `/api/*`. Plugin order matters: CORS answers preflights
 * first, rate limiting wraps every route registered after it, the platform routes (health,
 * OpenAPI, docs) come next, and the forwarding routes last.
 */

import { createService, type ServiceApp } from '@b2b/shared/http';
import cors from '@fastify/cors';
import type { TokenVerifier } from './bearer-auth.ts';
import type { GatewayConfig } from './config.ts';
import { registerHealthAggregate } from './health-aggregate.ts';
import type { OpenApiDocument } from './openapi-merge.ts';
import { registerOpenApi } from './openapi-route.ts';
import { proxyRoutes } from './proxy-routes.ts';
import { registerRateLimits } from './rate-limits.ts';
import { createUpstreams } from './upstreams.ts';

export type { TokenVerifier } from './bearer-auth.ts';
export { type GatewayConfig, gatewayDefaults } from './config.ts';

export interface GatewayDeps {
  readonly config: GatewayConfig;
  /** `createTokenVerifier()` of `@b2b/shared/auth`, wired to the revocation list. */
  readonly verifier: TokenVerifier;
  /** Milliseconds clock for the health and OpenAPI caches. */
  readonly clock?: () => number;
  readonly logLevel?: string;
}

export async function buildApp(deps: GatewayDeps): Promise<ServiceApp> {
  const { config, verifier } = deps;
  const now = deps.clock ?? Date.now;
  const app = createService({
    name: 'api-gateway',
    logLevel: deps.logLevel,
    trustProxy: config.trustedProxies,
    openapi: { title: 'api-gateway', version: '1.0.0' },
  });
  const upstreams = createUpstreams(config);
  app.addHook('onClose', async () => upstreams.close());

  const allowed = new Set(config.corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin.toLowerCase())),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
    exposedHeaders: [
      'x-request-id',
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
    // Bearer tokens, not cookies: browsers never need to send credentials cross-origin.
    credentials: false,
    maxAge: 600,
  });
  await registerRateLimits(app, config);

  registerHealthAggregate(app, { config, agent: upstreams.agent, now, self: 'api-gateway' });
  await registerOpenApi(app, {
    config,
    agent: upstreams.agent,
    now,
    ownDocument: () => app.swagger() as unknown as OpenApiDocument,
  });
  await app.register(proxyRoutes, { config, upstreams, verifier });
  return app;
}
