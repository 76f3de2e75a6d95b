/**
 * Where a public API request goes: `/api/v1/<area>/...` → the service owning the longest matching
 * area in the catalogue, with the `/api/v1` prefix stripped (`/api/v1/auth/login` → user
 * `/auth/login`). Paths that could make an upstream route differently from what the gateway checked
 * (dot segments, encoded slashes, empty segments) are refused instead of being normalised.
 */
import { type ServiceName, serviceForApiPath, services } from '@b2b/shared/catalogue';

export const apiPrefix = '/api/v1';

export type ApiRoute =
  | { kind: 'forward'; service: ServiceName; upstreamPath: string }
  | { kind: 'not-live'; service: ServiceName }
  | { kind: 'unknown' }
  | { kind: 'malformed' };

/** Segments that must not reach an upstream, checked after percent-decoding. */
function isSafeSegment(raw: string): boolean {
  if (raw === '') return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return false;
  }
  if (decoded === '.' || decoded === '..') return false;
  // An encoded `/` or `\` would be one segment here and two at the upstream; NUL is never legitimate.
  return !/[/\\\0]/.test(decoded);
}

/** Resolve a request target (`/api/v1/...?query`) to its upstream. */
export function resolveApiRoute(requestTarget: string): ApiRoute {
  const queryAt = requestTarget.indexOf('?');
  const path = queryAt === -1 ? requestTarget : requestTarget.slice(0, queryAt);
  const query = queryAt === -1 ? '' : requestTarget.slice(queryAt);
  if (!path.startsWith(`${apiPrefix}/`)) return { kind: 'unknown' };
  const upstreamPath = path.slice(apiPrefix.length);
  const segments = upstreamPath.slice(1).split('/');
  // A single trailing slash is an ordinary path (`/products/`); anything else empty is not.
  const checked = segments.at(-1) === '' ? segments.slice(0, -1) : segments;
  if (checked.length === 0) return { kind: 'unknown' };
  if (!checked.every(isSafeSegment)) return { kind: 'malformed' };
  const service = serviceForApiPath(upstreamPath);
  if (!service) return { kind: 'unknown' };
  if (services[service].status !== 'live') return { kind: 'not-live', service };
  return { kind: 'forward', service, upstreamPath: `${upstreamPath}${query}` };
}
