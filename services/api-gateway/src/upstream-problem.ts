/**
 * Problem responses of the services name the service's own path in `instance` (`/admin/users`);
 * the client called the public one (`/api/v1/admin/users`). The gateway rewrites `instance` so an
 * error points at the URL the client actually used. Only small, uncompressed problem+json bodies
 * with a declared length are buffered for this; every other response streams through untouched.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { apiPrefix } from './routing.ts';
import { readBody } from './small-body.ts';

/** Problem bodies are a few hundred bytes; anything larger is passed on as it is. */
export const maxRewrittenProblemBytes = 64 * 1024;

/** Whether an upstream response is a problem body worth buffering to rewrite. */
export function isRewritableProblem(headers: IncomingHttpHeaders): boolean {
  const type = String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/problem+json') return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return false;
  const declared = headers['content-length'];
  if (declared === undefined || !/^\d+$/.test(declared)) return false;
  return Number(declared) <= maxRewrittenProblemBytes;
}

/**
 * The body with `instance` moved under the public prefix, or undefined when there is nothing to
 * change (not JSON, no path-like instance, or already public).
 */
export function withPublicInstance(body: string): string | undefined {
  let problem: unknown;
  try {
    problem = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof problem !== 'object' || problem === null || Array.isArray(problem)) return undefined;
  const { instance } = problem as { instance?: unknown };
  if (typeof instance !== 'string' || !instance.startsWith('/') || instance.startsWith('//'))
    return undefined;
  if (instance === apiPrefix || instance.startsWith(`${apiPrefix}/`)) return undefined;
  // Spread keeps the key order: only the value of `instance` changes.
  return JSON.stringify({ ...problem, instance: `${apiPrefix}${instance}` });
}

/** Read a stream of at most `limit` bytes (the caller checked the declared length). */
export async function readSmallBody(stream: Readable, limit = maxRewrittenProblemBytes): Promise<string> {
  return (await readBody(stream, limit)).toString('utf8');
}
