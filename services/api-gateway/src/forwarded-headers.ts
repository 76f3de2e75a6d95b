/**
 * Headers on the way to an upstream and back. End-to-end headers pass; hop-by-hop headers
 * (RFC 9110 §7.6.1) and those named in `Connection` never cross the gateway. The gateway adds
 * its request id, the trace header and the `X-Forwarded-*` chain.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type HeaderValue, withoutHopByHop } from '@b2b/shared/http';

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

/** Headers for the upstream request, from the client's (the caller sets `host` to the upstream's). */
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
