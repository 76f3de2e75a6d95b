/**
 * Browser sessions (api.md "Browser sessions"; user README "Browser sessions"):
 *   POST   /auth/session           {email, password} → access token + profile; cookie set
 *   POST   /auth/session/refresh   cookie → new access token; cookie rotated
 *   DELETE /auth/session           ends the cookie's session (`?everywhere=true`: every session)
 * Every route of the folder requires the CSRF proof (one hook). API clients keep /auth/login etc.
 */
import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { IdentityContext } from '../domain/context.ts';
import { identityErrors } from '../domain/errors.ts';
import { login } from '../domain/login.ts';
import { endBrowserSession, REFRESH_TOKEN_TTL_MS, refreshSession } from '../domain/sessions.ts';
import {
  type BrowserSessionOptions,
  clearRefreshCookie,
  refreshCookieOf,
  requireBrowserProof,
  setRefreshCookie,
} from '../http/browser-session.ts';
import { LoginBody } from '../schemas/auth.ts';
import { problemResponses } from '../schemas/common.ts';
import { BrowserProofHeaders, EndSessionQuery, SessionAccess, SessionStarted } from '../schemas/session.ts';
import { profileView } from './views.ts';

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
const cookieMaxAgeSeconds = REFRESH_TOKEN_TTL_MS / 1000;

export const sessionRoutes: FastifyPluginAsyncTypebox<{
  ctx: IdentityContext;
  browser: BrowserSessionOptions;
}> = async (app, { ctx, browser }) => {
  // Cookies are parsed in this folder only: no other route of the service reads them.
  await app.register(cookie);
  app.addHook('onRequest', requireBrowserProof(browser));

  app.post(
    '',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Browser sign-in: the refresh token goes into an HttpOnly cookie, the body has the access token',
        headers: BrowserProofHeaders,
        body: LoginBody,
        response: { 200: SessionStarted, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { session, user } = await login(ctx, request.body);
      setRefreshCookie(reply, session.refreshToken, cookieMaxAgeSeconds, browser);
      const { refreshToken: _inCookie, ...access } = session;
      return reply.headers(noStore).send({ ...access, user: profileView(user) });
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Silent refresh: the cookie buys a new access token and is rotated',
        headers: BrowserProofHeaders,
        response: { 200: SessionAccess, ...problemResponses },
      },
    },
    async (request, reply) => {
      const presented = refreshCookieOf(request);
      if (!presented) throw identityErrors.invalidRefreshToken();
      try {
        const { refreshToken, ...access } = await refreshSession(ctx, presented);
        setRefreshCookie(reply, refreshToken, cookieMaxAgeSeconds, browser);
        return reply.headers(noStore).send(access);
      } catch (err) {
        // A dead cookie is useless to the browser: drop it so the app shows the sign-in page.
        clearRefreshCookie(reply, browser);
        throw err;
      }
    },
  );

  app.delete(
    '',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out of the browser session (everywhere=true: of every session of the user)',
        headers: BrowserProofHeaders,
        querystring: EndSessionQuery,
        response: {
          204: Type.Null({ description: 'Signed out; the cookie is cleared' }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const caller = request.auth;
      await endBrowserSession(ctx, {
        refreshToken: refreshCookieOf(request),
        caller: caller ? { userId: caller.id, jti: caller.jti, exp: caller.exp } : undefined,
        everywhere: request.query.everywhere ?? false,
      });
      clearRefreshCookie(reply, browser);
      return reply.code(204).send(null);
    },
  );
};
