/**
 * Browser sessions (api.md "Browser sessions"): the refresh token lives in an HttpOnly cookie the
 * page's scripts cannot read, scoped to the auth routes, and every route that uses or sets it
 * demands proof that the request comes from our app, not from another site:
 *   - `x-csrf: 1`: a custom header, which a cross-site form cannot send and a cross-site script
 *     cannot send without a CORS preflight that the gateway refuses;
 *   - `Origin` in the allowed origins (CORS_ORIGINS), which browsers set on every POST/DELETE.
 * SameSite=Strict already keeps the cookie off cross-site requests; the proof covers the browsers
 * and sub-domain cases where SameSite alone is not enough, and login CSRF (no cookie yet).
 */

import { errors } from '@b2b/shared/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const REFRESH_COOKIE = 'b2b_refresh';
/** Where the browser sends the cookie: the public auth routes only, never the rest of the API. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
export const CSRF_HEADER = 'x-csrf';

export interface BrowserSessionOptions {
  /** Origins of the web apps (the load balancer's origin, the Vite dev servers locally). */
  readonly allowedOrigins: readonly string[];
  /** `Secure` cookies: production (HTTPS behind the ALB); off for http://localhost. */
  readonly secureCookies: boolean;
}

export const browserSessionErrors = {
  proofMissing: () =>
    errors.forbidden(
      `Browser session requests need the ${CSRF_HEADER} header and an allowed Origin`,
      'CSRF_PROOF_REQUIRED',
    ),
};

/** onRequest hook of the session route folder. */
export function requireBrowserProof(options: BrowserSessionOptions) {
  const allowed = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase()));
  return async (request: FastifyRequest): Promise<void> => {
    const origin = request.headers.origin?.toLowerCase();
    if (request.headers[CSRF_HEADER] !== '1' || origin === undefined || !allowed.has(origin)) {
      throw browserSessionErrors.proofMissing();
    }
  };
}

export function setRefreshCookie(
  reply: FastifyReply,
  refreshToken: string,
  maxAgeSeconds: number,
  options: BrowserSessionOptions,
): void {
  reply.setCookie(REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secureCookies,
    path: REFRESH_COOKIE_PATH,
    maxAge: maxAgeSeconds,
  });
}

export function clearRefreshCookie(reply: FastifyReply, options: BrowserSessionOptions): void {
  reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secureCookies,
    path: REFRESH_COOKIE_PATH,
  });
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  const value = request.cookies[REFRESH_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}
