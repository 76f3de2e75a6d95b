/**
 * Request body limits at the edge. The services accept the platform default (1 MiB, createService)
 * except a few upload routes. The gateway refuses larger bodies itself with 413: a service that
 * refuses one closes the connection while the gateway is still streaming the body, the gateway
 * then sees a broken pipe instead of the service's 413, and would answer 503 and count it against
 * the service's breaker — so a few oversized posts from one client would cut everyone off.
 * Bodies without a declared length (chunked) are counted while they stream through.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '@b2b/shared/errors';
import type { FastifyRequest } from 'fastify';
import type { GatewayConfig } from './config.ts';
import { apiPrefix } from './routing.ts';

/** Routes (method, path after /api/v1) whose service accepts uploads up to `uploadBodyLimitBytes`. */
const uploadRoutes: readonly { method: string; path: RegExp }[] = [
  // api.md: multipart image upload (≤ 5 MB).
  { method: 'POST', path: /^\/admin\/products\/[^/?]+\/images\/?$/ },
  // api.md: catalog import (CSV or JSON; 10,000 rows are about 1.5 MB). The product service
  // streams it and accepts more; through the API the edge's upload limit applies.
  { method: 'POST', path: /^\/admin\/products\/import\/?$/ },
];

/** Whether the request goes to one of the upload routes (larger body, longer upstream timeout). */
export function isUploadRoute(method: string, requestTarget: string): boolean {
  const path = requestTarget.split('?')[0]!;
  const upstreamPath = path.startsWith(`${apiPrefix}/`) ? path.slice(apiPrefix.length) : path;
  return uploadRoutes.some((r) => r.method === method && r.path.test(upstreamPath));
}

/** The largest body the owning service accepts for this request. */
export function bodyLimitFor(
  method: string,
  requestTarget: string,
  limits: Pick<GatewayConfig, 'bodyLimitBytes' | 'uploadBodyLimitBytes'>,
): number {
  return isUploadRoute(method, requestTarget) ? limits.uploadBodyLimitBytes : limits.bodyLimitBytes;
}

export function payloadTooLarge(): AppError {
  return new AppError({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large' });
}

const oversized = new WeakSet<FastifyRequest>();

/** Whether the request's streamed body went over its limit (the forward failed because of it). */
export function bodyWasTooLarge(request: FastifyRequest): boolean {
  return oversized.has(request);
}

/** Passes the body through, failing the stream once more than `limit` bytes came by. */
class CountedBody extends Transform {
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly onExceeded: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.onExceeded();
      callback(payloadTooLarge());
      return;
    }
    callback(null, chunk);
  }
}

/**
 * The stream to forward: the raw body when its declared length is within the limit (Node's parser
 * enforces a declared length), a counting wrapper otherwise.
 */
export function limitedBody(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  limit: number,
): NodeJS.ReadableStream {
  if (request.headers['content-length'] !== undefined) return payload;
  const counted = new CountedBody(limit, () => oversized.add(request));
  payload.once('error', (err) => counted.destroy(err));
  return payload.pipe(counted);
}
