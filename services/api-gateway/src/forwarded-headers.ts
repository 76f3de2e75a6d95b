/**
 * Headers on the way to an upstream and back. End-to-end headers pass; hop-by-hop headers
 * (RFC 9110 §7.6.1) and those named in `Connection` never cross the gateway. The gateway adds
 * its request id, the trace header and the `X-Forwarded-*` chain.
 */
import type { IncomingHttpHeaders } from 'node:http';

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

type HeaderValue = string | string[] | number | undefined;

function connectionListed(headers: Record<string, HeaderValue>): Set<string> {
  const value = headers.connection;
  const text = Array.isArray(value) ? value.join(',') : String(value ?? '');
  return new Set(
    text
      .toLowerCase()
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  );
}

/** Copy of `headers` without hop-by-hop headers. */
export function withoutHopByHop<T extends Record<string, HeaderValue>>(headers: T): T {
  const listed = connectionListed(headers);
  const out: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || hopByHop.has(lower) || listed.has(lower)) continue;
    out[name] = value;
  }
  return out as T;
}

export interface ForwardContext {
  /** The gateway's request id (echoed from the client or generated). */
  readonly requestId: string;
  /** Address of the peer that connected to the gateway (the ALB, the local LB or a client). */
  readonly peerAddress: string | undefined;
  /** Protocol the gateway itself was reached with. */
  readonly protocol: string;
  /** Trace header of the gateway's own segment when tracing is on. */
  readonly traceHeader: string | undefined;
}

export const traceHeaderName = 'x-amzn-trace-id';

/** Headers for the upstream request, built from what @fastify/reply-from prepared (host already set). */
export function upstreamRequestHeaders(
  prepared: IncomingHttpHeaders,
  ctx: ForwardContext,
): IncomingHttpHeaders {
  const headers = withoutHopByHop(prepared as Record<string, HeaderValue>) as IncomingHttpHeaders;
  headers['x-request-id'] = ctx.requestId;
  const prior = headers['x-forwarded-for'];
  if (ctx.peerAddress) {
    headers['x-forwarded-for'] = prior ? `${prior}, ${ctx.peerAddress}` : ctx.peerAddress;
  }
  headers['x-forwarded-proto'] ??= ctx.protocol;
  const trace = ctx.traceHeader ?? prepared[traceHeaderName];
  if (trace) headers[traceHeaderName] = trace;
  return headers;
}
