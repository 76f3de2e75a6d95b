/**
 * Requests Node's HTTP parser rejects before Fastify sees them (malformed request line, headers
 * too large, a client too slow to send its request): answered as problem+json with a request id
 * like every other error, instead of Fastify's plain JSON. Written straight to the socket, which
 * is then closed: the connection's state is unknown after a parse error.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemType } from './error-handler.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';

const byNodeCode: Record<string, { status: number; title: string; code: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request Timeout',
    code: 'REQUEST_TIMEOUT',
    detail: 'The request was not received in time',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request Header Fields Too Large',
    code: 'HEADERS_TOO_LARGE',
    detail: 'The request headers are too large',
  },
};
const malformed = {
  status: 400,
  title: 'Bad Request',
  code: 'MALFORMED_REQUEST',
  detail: 'The request is not valid HTTP',
};

export function clientErrorResponse(err: { code?: string }): { status: number; head: string; body: string } {
  const known = (err.code && byNodeCode[err.code]) || malformed;
  const requestId = randomUUID();
  const body = JSON.stringify({
    type: problemType(known.code),
    title: known.title,
    status: known.status,
    detail: known.detail,
    code: known.code,
  });
  const head =
    `HTTP/1.1 ${known.status} ${known.title}\r\n` +
    `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
    'Connection: close\r\n\r\n';
  return { status: known.status, head, body };
}

/** Fastify's `clientErrorHandler` option. */
export function handleClientError(
  this: { log: FastifyBaseLogger },
  err: Error & { code?: string },
  socket: Socket,
): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const response = clientErrorResponse(err);
  this.log.debug({ code: err.code, status: response.status }, 'malformed request refused');
  if (socket.writable) socket.write(response.head + response.body);
  socket.destroy(err);
}
