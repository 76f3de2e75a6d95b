/**
 * `GET /api/v1/openapi.json` (merged from the services, cached briefly, a down service skipped and
 * noted) and Swagger UI at `/api/docs` reading it.
 */

import { type ServiceName, services } from '@b2b/shared/catalogue';
import { type FastifySwaggerUiOptions, fastifySwaggerUi } from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { type Agent, request as undiciRequest } from 'undici';
import type { GatewayConfig } from './config.ts';
import { mergeOpenApi, type OpenApiDocument, type ServiceDocument } from './openapi-merge.ts';

/** The top level is fixed; what is inside paths and components is the services' own OpenAPI. */
const FreeForm = Type.Record(Type.String(), Type.Unknown());
const MergedDocument = Type.Object(
  {
    openapi: Type.String(),
    info: FreeForm,
    servers: Type.Array(FreeForm),
    paths: FreeForm,
    components: FreeForm,
    tags: Type.Array(FreeForm),
    'x-services': Type.Object(
      { included: Type.Array(Type.String()), unavailable: Type.Record(Type.String(), Type.String()) },
      { additionalProperties: false },
    ),
    'x-merge-conflicts': Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

/** A service document larger than this is not merged (it would be a bug or an attack). */
const maxDocumentBytes = 5 * 1024 * 1024;

export interface OpenApiDeps {
  readonly config: GatewayConfig;
  readonly agent: Agent;
  readonly now: () => number;
  /** The gateway's own document (its /api/v1 routes), when @fastify/swagger is registered. */
  readonly ownDocument?: () => OpenApiDocument | undefined;
}

async function fetchDocument(
  service: ServiceName,
  base: string,
  deps: OpenApiDeps,
): Promise<ServiceDocument> {
  try {
    const res = await undiciRequest(`${base}/openapi.json`, {
      dispatcher: deps.agent,
      headersTimeout: deps.config.healthTimeoutMs,
      bodyTimeout: deps.config.healthTimeoutMs,
      signal: AbortSignal.timeout(deps.config.healthTimeoutMs * 2),
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      return { service, unavailable: `answered ${res.statusCode}` };
    }
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > maxDocumentBytes) {
      await res.body.dump();
      return { service, unavailable: 'document too large' };
    }
    const text = await res.body.text();
    if (text.length > maxDocumentBytes) return { service, unavailable: 'document too large' };
    const document = JSON.parse(text) as OpenApiDocument;
    if (typeof document !== 'object' || document === null || typeof document.paths !== 'object') {
      return { service, unavailable: 'not an OpenAPI document' };
    }
    return { service, document };
  } catch {
    return { service, unavailable: 'not reachable' };
  }
}

export function openApiMerger(deps: OpenApiDeps): () => Promise<OpenApiDocument> {
  let cached: { at: number; value: Promise<OpenApiDocument> } | undefined;
  let lastWasComplete = true;
  const build = async (): Promise<OpenApiDocument> => {
    const targets = (Object.keys(deps.config.upstreams) as ServiceName[]).filter(
      (name) => services[name].apiAreas.length > 0,
    );
    const docs = await Promise.all(
      targets.map((name) => fetchDocument(name, deps.config.upstreams[name]!, deps)),
    );
    lastWasComplete = docs.every((d) => d.document !== undefined);
    const gatewayPaths = Object.fromEntries(
      Object.entries(deps.ownDocument?.()?.paths ?? {}).filter(([path]) => path.startsWith('/api/v1/')),
    );
    return mergeOpenApi(docs, { title: 'B2B Commerce API', version: '1', gatewayPaths });
  };
  return () => {
    const now = deps.now();
    // A document missing a service is refreshed sooner, so a service that comes back shows up quickly.
    const ttl = lastWasComplete ? deps.config.openapiCacheMs : Math.min(1_000, deps.config.openapiCacheMs);
    if (!cached || now - cached.at >= ttl) {
      const value = build();
      cached = { at: now, value };
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  };
}

export async function registerOpenApi(app: FastifyInstance, deps: OpenApiDeps): Promise<void> {
  const merged = openApiMerger(deps);
  app.get(
    '/api/v1/openapi.json',
    {
      schema: {
        summary: 'The public API of every live service, as one OpenAPI document',
        tags: ['platform'],
        hide: true,
        response: { 200: MergedDocument },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=10');
      return reply.send(await merged());
    },
  );
  // Called from a plugin of our own: createService() sets @fastify/swagger up without register(),
  // so swagger-ui's dependency check would refuse to load although `app.swagger()` is there.
  // (Its types say callback-style; the function is async and ignores a third argument.)
  const setUpSwaggerUi = fastifySwaggerUi as unknown as FastifyPluginAsync<FastifySwaggerUiOptions>;
  await app.register(async (docs) =>
    setUpSwaggerUi(docs, {
      routePrefix: '/api/docs',
      // `urls` takes precedence over the plugin's own `./json`: the UI shows the merged document.
      uiConfig: { urls: [{ url: '/api/v1/openapi.json', name: 'B2B Commerce API' }], deepLinking: true },
      staticCSP: true,
      // Locally the docs are served over plain http://localhost; an upgrade to https would break them.
      transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    }),
  );
}
