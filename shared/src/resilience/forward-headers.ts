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
  const requestId = headerValue(request.headers['x-request-id']) ?? request.id;
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
