/** The service's OpenAPI document, generated from its route schemas; the gateway merges these. */
import { fastifySwagger } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/**
 * @fastify/swagger collects routes with an onRoute hook, which only sees routes declared after it
 * exists. `createService()` returns an app that services add routes to right away, so the plugin's
 * setup function runs synchronously on the root instance here instead of through `register()`.
 */
export function registerOpenApi(app: FastifyInstance, info: OpenApiInfo): void {
  const options = {
    openapi: {
      openapi: '3.0.3',
      info,
      components: {
        securitySchemes: { bearerAuth: { type: 'http' as const, scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  };
  fastifySwagger(app, options, (err?: Error) => {
    if (err) throw err;
  });
  // Record it as registered (Fastify's own list), so `app.hasPlugin('@fastify/swagger')` is true and
  // plugins that depend on it, such as @fastify/swagger-ui, load through a plain `register()`.
  const registered = (app as unknown as Record<symbol, unknown>)[Symbol.for('registered-plugin')];
  if (Array.isArray(registered)) registered.push('@fastify/swagger');
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get(
    '/openapi.json',
    {
      logLevel: 'warn',
      schema: {
        hide: true,
        response: { 200: Type.Object({ openapi: Type.String() }, { additionalProperties: true }) },
      },
    },
    async () => app.swagger() as unknown as { openapi: string },
  );
}
