/**
 * `createService()` builds the Fastify instance every service starts from: TypeBox types and
 * validation, request ids, redacted JSON logs, problem+json errors, helmet, body and server
 * limits, health routes, OpenAPI and X-Ray tracing. Services add their plugins and routes to it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { DestinationStream } from 'pino';
import { breakerStates } from '../resilience/breaker.ts';
import { registerTracing } from '../tracing/index.ts';
import { handleClientError } from './client-errors.ts';
import { installErrorHandling, problemFromError, sendProblem } from './error-handler.ts';
import { createReadiness, registerHealthRoutes } from './health.ts';
import { createServiceLogger } from './logger.ts';
import { type OpenApiInfo, registerOpenApi, registerOpenApiRoute } from './openapi.ts';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.ts';
import { apiSecurityHeaders } from './security-headers.ts';
import { typeboxValidatorCompiler } from './validation.ts';

export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface CreateServiceOptions {
  /** Catalogue name; appears in every log line and in `/health`. */
  name: string;
  /** pino level; default `LOG_LEVEL` from the environment, else `info`. */
  logLevel?: string;
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /** Trust X-Forwarded-* from a proxy in front (the ALB for the gateway). Default false. */
  trustProxy?: boolean | string | string[];
  openapi?: OpenApiInfo;
  /**
   * Replaces the API security headers with @fastify/helmet and these options (a service serving
   * pages needs a CSP that allows its scripts). Costs throughput: see security-headers.ts.
   */
  helmet?: FastifyHelmetOptions;
  /** Default per-check timeout of readiness checks. */
  readinessTimeoutMs?: number;
  /** Where JSON log lines go; stdout by default. Tests pass a stream to inspect them. */
  logStream?: DestinationStream;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Server timeouts. Keep-alive outlives the ALB's 60 s idle timeout, so the ALB closes first (no 502s). */
export const serverTimeouts = {
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
  headersTimeoutMs: 20_000,
} as const;

declare module 'fastify' {
  interface FastifyInstance {
    serviceName: string;
  }
}

/**
 * Once `app.close()` begins, answers carry `Connection: close`, so a keep-alive connection that
 * had a request in flight does not hold the server open after that request finished.
 */
function closeConnectionsWhenDraining(app: ServiceApp): void {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  // Callback style: it runs on every response, and an async hook costs a promise each time.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
}

/**
 * One access-log line per request, on the answer: method, URL (sensitive parameters masked), client
 * address, status and time taken. Fastify's default writes two lines (received, completed), which
 * doubled the logging cost on the gateway's hot path; a request that never completes is bounded by
 * the server's request timeout and then logged like any other.
 */
class OneLineRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

function throwIfBreakersOpen(): void {
  const open = breakerStates().filter((b) => b.state === 'open');
  if (open.length > 0) throw new Error(`open: ${[...new Set(open.map((b) => b.name))].join(', ')}`);
}

export function createService(options: CreateServiceOptions): ServiceApp {
  const logger = createServiceLogger({
    name: options.name,
    level: options.logLevel ?? process.env['LOG_LEVEL'] ?? 'info',
    stream: options.logStream,
  });

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestIdFor,
    logController: new OneLineRequestLog(),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    requestTimeout: serverTimeouts.requestTimeoutMs,
    keepAliveTimeout: serverTimeouts.keepAliveTimeoutMs,
    // Requests the HTTP parser refuses (bad request line, oversized headers): problem+json too.
    clientErrorHandler: handleClientError,
    // Errors Fastify meets before routing (a malformed URL): answer them like any other problem.
    frameworkErrors: (error, request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      return sendProblem(reply, problemFromError(Object.assign(error, { statusCode: 400 }), request));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.headersTimeout = serverTimeouts.headersTimeoutMs;

  app.decorate('serviceName', options.name);
  app.decorate('readiness', createReadiness(options.readinessTimeoutMs ?? 2000));
  // Visible, not fatal: see health.ts for why an open downstream breaker keeps the task ready.
  app.readiness.register('breakers', throwIfBreakersOpen, { critical: false });
  app.setValidatorCompiler(typeboxValidatorCompiler);
  // JSON only unless a route adds a parser: text/plain is also what a cross-site HTML form can
  // send without a CORS preflight, so refusing it (415) closes that door too.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);

  registerTracing(app, options.name);
  const customHelmet = options.helmet;
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (!customHelmet) reply.headers(apiSecurityHeaders);
    done();
  });
  if (customHelmet) app.register(helmet, customHelmet);
  closeConnectionsWhenDraining(app);
  registerOpenApi(app, options.openapi ?? { title: `${options.name} API`, version: '1.0.0' });
  registerHealthRoutes(app, options.name);
  registerOpenApiRoute(app);
  return app;
}
