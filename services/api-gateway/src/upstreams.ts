/**
 * Forwarding to the services: one keep-alive undici pool per upstream origin (an Agent keeps one
 * per origin), one circuit breaker per upstream. A down upstream fails fast on the connect
 * timeout, a hanging one on the request timeout; both answer 503 problem+json, count against the
 * breaker, and once it is open the upstream is not contacted until the reset timeout passes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { AppError } from '@b2b/shared/errors';
import { withoutHopByHop } from '@b2b/shared/http';
import { type Breaker, BreakerOpenError, createBreaker, statusOf } from '@b2b/shared/resilience';
import { currentTraceHeader } from '@b2b/shared/tracing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Agent, type Dispatcher } from 'undici';
import { bodyWasTooLarge, isUploadRoute, payloadTooLarge } from './body-limits.ts';
import { type GatewayConfig, gatewayDefaults } from './config.ts';
import { upstreamRequestHeaders } from './forwarded-headers.ts';
import { isSmallBody, maxBufferedBodyBytes, readBody } from './small-body.ts';
import { isRewritableProblem, readSmallBody, withPublicInstance } from './upstream-problem.ts';

/** The upstream answered with a 5xx: already passed on to the client, counted by the breaker. */
class UpstreamServerError extends Error {
  readonly status = 502;
  constructor(readonly upstreamStatus: number) {
    super(`upstream answered ${upstreamStatus}`);
  }
}

export interface Upstreams {
  readonly agent: Agent;
  forward(request: FastifyRequest, reply: FastifyReply, service: string, upstreamPath: string): Promise<void>;
  close(): Promise<void>;
}

const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Map a transport failure to the problem the client sees, without internals. */
function unavailable(service: string, cause: unknown): AppError {
  const code =
    (cause as { code?: string; cause?: { code?: string } }).cause?.code ?? (cause as { code?: string }).code;
  const timedOut = code !== undefined && timeoutCodes.has(code);
  return new AppError({
    status: 503,
    code: timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
    detail: timedOut ? `${service} did not answer in time` : `${service} is not reachable right now`,
    headers: { 'retry-after': '5' },
    cause,
  });
}

/** What one forwarded request needs; one object per request, no closures. */
interface ForwardCall {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly service: string;
  readonly origin: string;
  readonly host: string;
  readonly prefix: string;
  readonly upstreamPath: string;
  /** Set once the answer (the upstream's, even a 5xx) is on its way to the client. */
  responded: boolean;
}

/** Methods whose request may carry a body to stream through. */
const bodyless = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

export function createUpstreams(config: GatewayConfig): Upstreams {
  const agent = new Agent({
    connect: { timeout: config.upstream.connectTimeoutMs },
    headersTimeout: config.upstream.requestTimeoutMs,
    bodyTimeout: config.upstream.requestTimeoutMs,
    // Shorter than the services' keep-alive timeout (65 s), so the gateway never reuses a socket
    // the upstream is about to close.
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
    pipelining: 1,
  });
  const uploadTimeoutMs = config.upstream.uploadTimeoutMs ?? gatewayDefaults.upstream.uploadTimeoutMs;
  const uploadTimeouts = { headersTimeout: uploadTimeoutMs, bodyTimeout: uploadTimeoutMs };
  const breakers = new Map<string, Breaker<[ForwardCall], void>>();
  const targets = new Map<string, { origin: string; host: string; prefix: string }>();
  for (const [service, base] of Object.entries(config.upstreams)) {
    if (!base) continue;
    const url = new URL(base);
    // A base with a path (`http://host/prefix`) keeps it in front of the forwarded path.
    targets.set(service, { origin: url.origin, host: url.host, prefix: url.pathname.replace(/\/$/, '') });
    breakers.set(
      service,
      createBreaker(`upstream:${service}`, attempt, {
        // The transport timeouts above bound every attempt; the breaker only counts outcomes.
        timeoutMs: false,
        volumeThreshold: config.breaker.volumeThreshold,
        errorThresholdPercentage: config.breaker.errorThresholdPercentage,
        resetTimeoutMs: config.breaker.resetTimeoutMs,
        rollingWindowMs: config.breaker.rollingWindowMs ?? gatewayDefaults.breaker.rollingWindowMs,
      }),
    );
  }

  /**
   * One attempt, run by the upstream's breaker: undici's `request` straight on the shared agent
   * (no proxy plugin in between: on the gateway's hot path every layer showed in the profile).
   * An upstream 5xx is passed on to the client and then rejected, so the breaker counts it.
   */
  async function attempt(call: ForwardCall): Promise<void> {
    const { request, reply, service } = call;
    const headers = upstreamRequestHeaders(request.headers, {
      requestId: String(request.id),
      peerAddress: request.raw.socket?.remoteAddress,
      protocol: request.protocol,
      traceHeader: currentTraceHeader(),
    });
    headers.host = call.host;
    let response: Dispatcher.ResponseData;
    try {
      response = await agent.request({
        origin: call.origin,
        path: call.prefix + call.upstreamPath,
        method: request.method as Dispatcher.HttpMethod,
        headers,
        body: bodyless.has(request.method) ? undefined : (request.body as Readable | undefined),
        ...(isUploadRoute(request.method, request.url) ? uploadTimeouts : {}),
      });
    } catch (err) {
      // A body over its limit is the client's doing: 413, and not counted against the upstream.
      if (bodyWasTooLarge(request)) throw payloadTooLarge();
      throw unavailable(service, err);
    }
    const { statusCode, body } = response;
    const responseHeaders = response.headers as IncomingHttpHeaders;
    let payload: Buffer | string | Readable;
    if (isRewritableProblem(responseHeaders)) {
      const text = await readSmallBody(body).catch((err: unknown) =>
        Promise.reject(unavailable(service, err)),
      );
      const rewritten = withPublicInstance(text);
      payload = rewritten ?? text;
      if (rewritten !== undefined) delete responseHeaders['content-length'];
    } else if (isSmallBody(request.method, statusCode, responseHeaders)) {
      // Nothing was sent yet when reading fails: the client gets the gateway's own 503 instead.
      payload = await readBody(body, maxBufferedBodyBytes).catch((err: unknown) =>
        Promise.reject(unavailable(service, err)),
      );
    } else {
      payload = body;
    }
    call.responded = true;
    reply.code(statusCode).headers(withoutHopByHop(responseHeaders));
    reply.send(payload);
    if (statusCode >= 500) throw new UpstreamServerError(statusCode);
  }

  async function forward(
    request: FastifyRequest,
    reply: FastifyReply,
    service: string,
    upstreamPath: string,
  ): Promise<void> {
    const target = targets.get(service);
    const breaker = breakers.get(service);
    if (!target || !breaker) {
      throw new AppError({
        status: 503,
        code: 'SERVICE_NOT_CONFIGURED',
        detail: `${service} is not available`,
      });
    }
    const call: ForwardCall = { request, reply, service, ...target, upstreamPath, responded: false };
    try {
      await breaker.fire(call);
    } catch (err) {
      if (call.responded) return; // the upstream's own 5xx is on its way to the client
      if (err instanceof BreakerOpenError) {
        throw new AppError({
          status: 503,
          code: 'UPSTREAM_UNAVAILABLE',
          detail: `${service} is not reachable right now`,
          headers: { 'retry-after': String(err.retryAfterSeconds) },
        });
      }
      if (err instanceof AppError) throw err;
      const status = statusOf(err);
      if (status !== undefined && status >= 400 && status < 500) {
        throw new AppError({ status: 400, code: 'BAD_REQUEST', detail: 'The request cannot be forwarded' });
      }
      throw unavailable(service, err);
    }
  }

  return {
    agent,
    forward,
    async close() {
      for (const breaker of breakers.values()) breaker.shutdown();
      await agent.close();
    },
  };
}
