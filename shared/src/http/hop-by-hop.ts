/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) and those named in `Connection` never cross a proxy: the
 * api-gateway and the local load balancer both strip them in each direction.
 */
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

export type HeaderValue = string | string[] | number | undefined;

/** Header names a `Connection` header lists (lower case); undefined when it lists none. */
function connectionListed(headers: Record<string, HeaderValue>): Set<string> | undefined {
  const value = headers.connection;
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : String(value);
  const listed = new Set<string>();
  for (const name of text.toLowerCase().split(',')) {
    const trimmed = name.trim();
    if (trimmed) listed.add(trimmed);
  }
  return listed;
}

/**
 * Copy of `headers` without hop-by-hop headers. Runs twice per forwarded request, hence a plain
 * loop without intermediate arrays, and no set at all when nothing is listed in `Connection`.
 */
export function withoutHopByHop<T extends Record<string, HeaderValue>>(headers: T): T {
  const listed = connectionListed(headers);
  const out: Record<string, HeaderValue> = {};
  for (const name in headers) {
    if (!Object.hasOwn(headers, name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || listed?.has(lower)) continue;
    out[name] = value;
  }
  return out as T;
}
