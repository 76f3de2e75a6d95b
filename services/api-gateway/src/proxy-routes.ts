/**
 * The forwarding routes: `/api/v1/*` to the owning service. Bodies are streamed through, never
 * parsed here (each service validates its own input), so an upload costs the gateway no memory.
 */

import { AppError, errors } from '@b2b/shared/errors';
import { Problem } from '@b2b/shared/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerCheck, type TokenVerifier } from './bearer-auth.ts';
import { bodyLimitFor, limitedBody, payloadTooLarge } from './body-limits.ts';
import type { GatewayConfig } from './config.ts';
import { credentialRateLimit, credentialRoutes } from './rate-limits.ts';
import { apiPrefix, resolveApiRoute } from './routing.ts';
import type { Upstreams } from './upstreams.ts';

export interface ProxyRoutesOptions {
  readonly config: GatewayConfig;
  readonly upstreams: Upstreams;
  readonly verifier: TokenVerifier;
}

/**
 * Gateway-made answers of a forwarding route; upstream answers pass through unchanged. Query and
 * body are the owning service's to validate (its schemas are in the merged OpenAPI document).
 */
const proxySchema = {
  hide: true,
  response: { 400: Problem, 401: Problem, 404: Problem, 413: Problem, 429: Problem, 503: Problem },
};

export async function proxyRoutes(scope: FastifyInstance, opts: ProxyRoutesOptions): Promise<void> {
  const { config, upstreams, verifier } = opts;

  // Pass bodies through as streams, whatever their type (counted when their length is not declared).
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (request, payload, done) =>
    done(null, limitedBody(request, payload, bodyLimitFor(request.method, request.url, config))),
  );

  // The rate limiter's hook runs between these two (it is route-level, after scope hooks).
  const bearer = bearerCheck(verifier);
  scope.addHook('onRequest', (request, _reply, done) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > bodyLimitFor(request.method, request.url, config)) return done(payloadTooLarge());
    // Anonymous requests (no token to verify) skip the promise of the async check.
    if (request.headers.authorization === undefined) return done();
    bearer.identify(request).then(() => done(), done);
  });
  scope.addHook('preParsing', (request, _reply, payload, done) => {
    const refusal = bearer.refusalOf(request);
    if (refusal) done(refusal);
    else done(null, payload);
  });

  async function forward(request: FastifyRequest, reply: FastifyReply) {
    const route = resolveApiRoute(request.url);
    switch (route.kind) {
      case 'malformed':
        throw errors.badRequest('The request path is malformed', 'MALFORMED_PATH');
      case 'unknown':
        throw errors.notFound('API route');
      case 'not-live':
        throw new AppError({
          status: 503,
          code: 'SERVICE_NOT_AVAILABLE',
          detail: `The ${route.service} service is not available yet`,
        });
      case 'forward':
        await upstreams.forward(request, reply, route.service, route.upstreamPath);
        return reply;
    }
  }

  for (const path of credentialRoutes) {
    scope.post(
      `${apiPrefix}${path}`,
      { schema: proxySchema, config: { rateLimit: credentialRateLimit(config) } },
      forward,
    );
  }
  scope.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: `${apiPrefix}/*`,
    schema: proxySchema,
    handler: forward,
  });
}
