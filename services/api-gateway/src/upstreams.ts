/**
 * Forwarding to the services: one keep-alive undici pool per upstream origin (an Agent keeps one
 * per origin), one circuit breaker per upstream. A down upstream fails fast on the connect
 * timeout, a hanging one on the request timeout; both answer 503 problem+json, count against the
 * breaker, and once it is open the upstream is not contacted until the reset timeout passes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '@b2b/shared/errors';
import { withoutHopByHop } from '@b2b/shared/http';
import { type Breaker, BreakerOpenError, createBreaker, statusOf } from '@b2b/shared/resilience';
import { currentTraceHeader } from '@b2b/shared/tracing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Agent } from 'undici';
import { bodyWasTooLarge, payloadTooLarge } from './body-limits.ts';
import type { GatewayConfig } from './config.ts';
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

type Attempt = () => Promise<void>;

export interface Upstreams {
  readonly agent: Agent;
  forward(reply: FastifyReply, service: string, upstreamPath: string): Promise<void>;
  close(): Promise<void>;
}

const timeoutCodes = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'FST_REPLY_FROM_GATEWAY_TIMEOUT',
]);

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

// Shared by every forwarded request rather than built per request (the gateway's hot path).
/** Retrying is the client's decision: the gateway must not multiply load on a sick upstream. */
const noRetry = () => null;

/** reply-from's hook; its request type admits HTTP/2, which the gateway does not serve. */
function rewriteRequestHeaders(
  req: Pick<FastifyRequest, 'id' | 'protocol'> & { raw: { socket?: { remoteAddress?: string } } },
  headers: IncomingHttpHeaders,
): IncomingHttpHeaders {
  return upstreamRequestHeaders(headers, {
    requestId: String(req.id),
    peerAddress: req.raw.socket?.remoteAddress,
    protocol: req.protocol,
    traceHeader: currentTraceHeader(),
  });
}

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
  const breakers = new Map<string, Breaker<[Attempt], void>>();
  for (const service of Object.keys(config.upstreams)) {
    breakers.set(
      service,
      createBreaker(`upstream:${service}`, (attempt: Attempt) => attempt(), {
        // The transport timeouts above bound every attempt; the breaker only counts outcomes.
        timeoutMs: false,
        volumeThreshold: config.breaker.volumeThreshold,
        errorThresholdPercentage: config.breaker.errorThresholdPercentage,
        resetTimeoutMs: config.breaker.resetTimeoutMs,
      }),
    );
  }

  async function forward(reply: FastifyReply, service: string, upstreamPath: string): Promise<void> {
    const base = config.upstreams[service as keyof typeof config.upstreams];
    const breaker = breakers.get(service);
    if (!base || !breaker) {
      throw new AppError({
        status: 503,
        code: 'SERVICE_NOT_CONFIGURED',
        detail: `${service} is not available`,
      });
    }
    let responded = false;
    const attempt: Attempt = () =>
      new Promise<void>((resolve, reject) => {
        // reply-from calls neither callback when the client has gone away before the upstream
        // answered; without this the attempt (and the breaker's bookkeeping) would wait forever.
        reply.raw.once('close', () => resolve());
        reply.from(`${base}${upstreamPath}`, {
          retryDelay: noRetry,
          rewriteRequestHeaders,
          rewriteHeaders: withoutHopByHop,
          onResponse: (_req, rep, res) => {
            const settle = () => {
              responded = true;
              if (res.statusCode >= 500) reject(new UpstreamServerError(res.statusCode));
              else resolve();
            };
            // At run time `res` is undici's response (statusCode, headers, stream); the plugin's
            // types describe a ServerResponse, which has no `headers`.
            const { headers } = res as unknown as { headers: IncomingHttpHeaders };
            if (!isRewritableProblem(headers)) {
              if (!isSmallBody(reply.request.method, res.statusCode, headers)) {
                rep.send(res.stream);
                settle();
                return;
              }
              readBody(res.stream, maxBufferedBodyBytes).then(
                (body) => {
                  rep.send(body);
                  settle();
                },
                // Nothing was sent yet: the client gets the gateway's own 503 instead.
                (err: unknown) => reject(unavailable(service, err)),
              );
              return;
            }
            readSmallBody(res.stream).then(
              (body) => {
                const rewritten = withPublicInstance(body);
                if (rewritten !== undefined) rep.removeHeader('content-length');
                rep.send(rewritten ?? body);
                settle();
              },
              // Nothing was sent yet: the client gets the gateway's own 503 instead.
              (err: unknown) => reject(unavailable(service, err)),
            );
          },
          onError: (_rep, { error }) =>
            // A body over its limit is the client's doing: 413, and not counted against the upstream.
            reject(bodyWasTooLarge(reply.request) ? payloadTooLarge() : unavailable(service, error)),
        });
      });
    try {
      await breaker.fire(attempt);
    } catch (err) {
      if (responded) return; // the upstream's own 5xx is on its way to the client
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
