/**
 * Small upstream answers are read whole and sent as one buffer. Piping a stream into the client's
 * response costs the gateway a pipe, end-of-stream watchers on both sides and a write per chunk;
 * for the typical JSON answer of a few hundred bytes that was a large share of the forwarding
 * cost. Answers without a declared length, and larger ones, still stream. Bytes pass unchanged
 * (a compressed body stays compressed).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** Above this, the answer streams through (downloads, exports, images). */
export const maxBufferedBodyBytes = 16 * 1024;

const digits = /^\d+$/;

/** Whether an upstream answer has a declared body of at most `limit` bytes worth reading whole. */
export function isSmallBody(
  method: string,
  statusCode: number,
  headers: IncomingHttpHeaders,
  limit = maxBufferedBodyBytes,
): boolean {
  // HEAD, 204 and 304 have no body whatever the length says; there is nothing to read.
  if (method === 'HEAD' || statusCode === 204 || statusCode === 304) return false;
  const declared = headers['content-length'];
  return declared !== undefined && digits.test(declared) && Number(declared) <= limit;
}

/** The whole stream as one buffer; rejects when it errors or grows past `limit` bytes. */
export function readBody(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limit) {
        stream.destroy();
        reject(new Error('body longer than declared'));
        return;
      }
      chunks.push(buffer);
    });
    stream.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    stream.once('error', reject);
  });
}
