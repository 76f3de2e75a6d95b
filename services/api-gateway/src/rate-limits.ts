/**
 * Rate limits: per client IP for anonymous traffic, per user for authenticated traffic (so an
 * office behind one NAT is not throttled as one client), and a much lower per-IP limit on the
 * routes that take credentials, against password guessing and reset-mail flooding.
 *
 * Counters live in each gateway task's memory: with N tasks a client gets up to N× the limit.
 * The WAF's rate-based rule is the cluster-wide ceiling in AWS.
 */

import { errors } from '@b2b/shared/errors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerOf } from './bearer-auth.ts';
import type { GatewayConfig } from './config.ts';

const minute = 60_000;

/**
 * Paths (after /api/v1) of the routes that take credentials or cost a password hash each
 * (registration hashes with argon2id, so unthrottled sign-ups are a cheap CPU exhaustion).
 */
export const credentialRoutes = [
  '/auth/register',
  '/auth/login',
  '/auth/password-reset',
  '/auth/password-reset/confirm',
] as const;

/** IPv6 clients usually own a whole /64: count it as one client, as the rate-limit plugin does. */
export function clientKey(ip: string): string {
  if (!ip.includes(':') || ip.startsWith('::ffff:')) return ip.replace(/^::ffff:/, '');
  const [head = '', tail = ''] = ip.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function callerKey(request: FastifyRequest): string {
  const caller = callerOf(request);
  return caller ? `user:${caller.userId}` : `ip:${clientKey(request.ip)}`;
}

export async function registerRateLimits(app: FastifyInstance, config: GatewayConfig): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    timeWindow: minute,
    keyGenerator: callerKey,
    max: (_request, key) =>
      key.startsWith('user:') ? config.rateLimit.userPerMinute : config.rateLimit.anonymousPerMinute,
    errorResponseBuilder: (_request, context) => errors.tooManyRequests(context.ttl / 1_000),
  });
}

/** Route config for the credential routes: per IP, whatever token the request carries. */
export function credentialRateLimit(config: GatewayConfig) {
  return {
    max: config.rateLimit.credentialsPerMinute,
    timeWindow: minute,
    keyGenerator: (request: FastifyRequest) => `credentials:${clientKey(request.ip)}`,
    errorResponseBuilder: (_request: FastifyRequest, context: { ttl: number }) =>
      errors.tooManyRequests(context.ttl / 1_000, 'Too many attempts, try again later'),
  };
}
