/**
 * Security headers for JSON APIs: helmet's defaults with a CSP that forbids everything (an API
 * response is never a page). @fastify/helmet rebuilds helmet's middleware on every request, which
 * cost ~85% of a trivial route's throughput (30k → 4.5k req/s measured), so the same headers are
 * set from this constant; a test keeps them identical to what @fastify/helmet sends with
 * `apiHelmetOptions`. Services that serve pages pass their own helmet options instead.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

export const apiHelmetOptions: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  crossOriginResourcePolicy: { policy: 'same-site' },
  frameguard: { action: 'deny' },
};

export const apiSecurityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-site',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});
