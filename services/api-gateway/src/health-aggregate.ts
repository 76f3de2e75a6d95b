/**
 * `GET /api/v1/health`: the platform at a glance. Every catalogue service is listed; live ones are
 * asked for `/health/ready` in parallel with a short timeout, planned ones are shown as planned.
 * 200 when every live service is ready, 503 otherwise. Results are memoised for a second so the
 * public endpoint cannot be used to multiply traffic onto the services.
 */
import { type ServiceName, serviceNames, services } from '@b2b/shared/catalogue';
import { Problem } from '@b2b/shared/http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Agent } from 'undici';
import { request as undiciRequest } from 'undici';
import type { GatewayConfig } from './config.ts';

const ServiceHealth = Type.Object(
  {
    name: Type.String(),
    status: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('planned')]),
    latencyMs: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const PlatformHealth = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    services: Type.Array(ServiceHealth),
  },
  { additionalProperties: false },
);

type ServiceHealthBody = { name: string; status: 'up' | 'down' | 'planned'; latencyMs?: number };
type PlatformHealthBody = { status: 'ok' | 'degraded'; services: ServiceHealthBody[] };

export interface HealthDeps {
  readonly config: GatewayConfig;
  readonly agent: Agent;
  readonly now: () => number;
  readonly self: ServiceName;
}

async function probe(url: string, deps: HealthDeps): Promise<'up' | 'down'> {
  try {
    const res = await undiciRequest(url, {
      dispatcher: deps.agent,
      headersTimeout: deps.config.healthTimeoutMs,
      bodyTimeout: deps.config.healthTimeoutMs,
      signal: AbortSignal.timeout(deps.config.healthTimeoutMs),
    });
    await res.body.dump();
    return res.statusCode === 200 ? 'up' : 'down';
  } catch {
    return 'down';
  }
}

export function healthAggregator(deps: HealthDeps): () => Promise<PlatformHealthBody> {
  let cached: { at: number; value: Promise<PlatformHealthBody> } | undefined;
  const check = async (): Promise<PlatformHealthBody> => {
    const results = await Promise.all(
      serviceNames.map(async (name): Promise<ServiceHealthBody> => {
        if (services[name].status !== 'live') return { name, status: 'planned' };
        if (name === deps.self) return { name, status: 'up', latencyMs: 0 };
        const base = deps.config.upstreams[name];
        if (!base) return { name, status: 'down' };
        const started = deps.now();
        const status = await probe(`${base}${services[name].healthPath}/ready`, deps);
        return { name, status, latencyMs: Math.max(0, Math.round(deps.now() - started)) };
      }),
    );
    const allUp = results.every((r) => r.status !== 'down');
    return { status: allUp ? 'ok' : 'degraded', services: results };
  };
  return () => {
    const now = deps.now();
    if (!cached || now - cached.at >= 1_000) cached = { at: now, value: check() };
    return cached.value;
  };
}

export function registerHealthAggregate(app: FastifyInstance, deps: HealthDeps): void {
  const aggregate = healthAggregator(deps);
  app.get(
    '/api/v1/health',
    {
      schema: {
        summary: 'Readiness of every service of the platform',
        tags: ['platform'],
        response: { 200: PlatformHealth, 503: PlatformHealth, 429: Problem },
      },
    },
    async (_request, reply) => {
      const health = await aggregate();
      reply.header('cache-control', 'no-store');
      return reply.code(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
}
