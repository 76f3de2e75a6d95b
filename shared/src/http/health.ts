/**
 * Liveness (`/health`: the process answers) and readiness (`/health/ready`: its dependencies
 * answer). Modules register readiness checks (database ping, event bus) on `app.readiness`; a check
 * that throws or exceeds its timeout marks the service not ready (503).
 *
 * Open circuit breakers are reported but do not fail readiness: `createService()` registers a
 * non-critical `breakers` check that shows `degraded` with the open breakers' names while the
 * service stays ready (200). An open breaker means a *downstream* is failing; this task is healthy
 * and still serves everything else, answering the affected calls with a fast 503. Failing readiness
 * would pull every caller of that downstream out of rotation (and make the gateway's platform
 * health blame them) — one outage would cascade into many, and when every task is pulled the load
 * balancer fails open anyway. The state is also in the logs (`circuit breaker opened`).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export type ReadinessCheck = () => unknown;

export interface CheckResult {
  /** `degraded`: a non-critical check failed; the service stays ready. */
  status: 'up' | 'down' | 'degraded';
  detail?: string;
}

export interface CheckOptions {
  timeoutMs?: number;
  /** Default true. A failing non-critical check reports `degraded` and keeps the service ready. */
  critical?: boolean;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: Record<string, CheckResult>;
}

export interface Readiness {
  /** Adds a named check; it passes when it returns (or resolves) and fails when it throws. */
  register(name: string, check: ReadinessCheck, options?: CheckOptions): void;
  run(): Promise<ReadinessReport>;
  /** From now on readiness fails, so a load balancer stops sending new work (graceful shutdown). */
  markShuttingDown(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

const MAX_DETAIL = 200;

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
    return { status: 'up' };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { status: 'down', detail: message.slice(0, MAX_DETAIL) };
  } finally {
    clearTimeout(timer);
  }
}

export function createReadiness(defaultTimeoutMs: number): Readiness {
  const checks = new Map<string, { check: ReadinessCheck; timeoutMs: number; critical: boolean }>();
  let shuttingDown = false;
  return {
    register(name, check, options = {}) {
      if (checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
      checks.set(name, {
        check,
        timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
        critical: options.critical ?? true,
      });
    },
    async run() {
      const entries = await Promise.all(
        [...checks].map(async ([name, c]) => {
          const result = await runCheck(c.check, c.timeoutMs);
          if (!c.critical && result.status === 'down')
            return [name, { ...result, status: 'degraded' }] as const;
          return [name, result] as const;
        }),
      );
      const results: Record<string, CheckResult> = Object.fromEntries(entries);
      if (shuttingDown) results['shutdown'] = { status: 'down', detail: 'shutting down' };
      const ready = Object.values(results).every((r) => r.status !== 'down');
      return { status: ready ? 'ready' : 'not_ready', checks: results };
    },
    markShuttingDown() {
      shuttingDown = true;
    },
  };
}

const CheckResultSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('degraded')]),
    detail: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ReadinessSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
    checks: Type.Record(Type.String(), CheckResultSchema),
  },
  { additionalProperties: false },
);

const LivenessSchema = Type.Object(
  {
    status: Type.Literal('ok'),
    service: Type.String(),
    uptime: Type.Number({ description: 'seconds since the process started' }),
  },
  { additionalProperties: false },
);

export function registerHealthRoutes(app: FastifyInstance, service: string): void {
  // Load balancers poll these every few seconds: keep them out of the info-level request log.
  app.get(
    '/health',
    { logLevel: 'warn', schema: { hide: true, response: { 200: LivenessSchema } } },
    async () => ({ status: 'ok' as const, service, uptime: Math.round(process.uptime()) }),
  );
  app.get(
    '/health/ready',
    { logLevel: 'warn', schema: { hide: true, response: { 200: ReadinessSchema, 503: ReadinessSchema } } },
    async (request, reply) => {
      const report = await app.readiness.run();
      if (report.status !== 'ready') {
        request.log.warn({ checks: report.checks }, 'not ready');
        return reply.code(503).send(report);
      }
      return report;
    },
  );
}
