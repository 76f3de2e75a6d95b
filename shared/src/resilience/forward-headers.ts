import type { FastifyRequest } from 'fastify';
import { currentTraceHeader, TRACE_HEADER } from '../tracing/index.ts';

/** Headers a service passes on when it calls another one on behalf of a request. */
export interface ForwardHeaders {
  'x-request-id'?: string;
  authorization?: string;
  'x-amzn-trace-id'?: string;
}

/** Extracts what to forward from the incoming request: request id, the caller's token, the trace. */
export function forwardedHeaders(request: FastifyRequest): ForwardHeaders {
  const forward: ForwardHeaders = {};
  // The id this request was logged and answered with (createService keeps a client's id only when
  // it is sane), so one id follows the call chain and an unchecked header is never passed on.
  const requestId = request.id || headerValue(request.headers['x-request-id']);
  if (requestId) forward['x-request-id'] = requestId;
  const authorization = headerValue(request.headers.authorization);
  if (authorization) forward.authorization = authorization;
  // With tracing on the current segment is the right parent; otherwise pass the caller's on.
  const trace = currentTraceHeader() ?? headerValue(request.headers[TRACE_HEADER]);
  if (trace) forward[TRACE_HEADER] = trace;
  return forward;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
