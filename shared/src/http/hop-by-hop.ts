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
