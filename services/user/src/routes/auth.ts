import { authenticatedUser, requireAuth } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { IdentityContext } from '../domain/context.ts';
import { noCreditUsed } from '../domain/credit-ledger.ts';
import { login } from '../domain/login.ts';
import { confirmPasswordReset, requestPasswordReset } from '../domain/password-reset.ts';
import { register } from '../domain/registration.ts';
import { logout, refreshSession } from '../domain/sessions.ts';
import {
  Accepted,
  Jwks,
  LoginBody,
  LoginResponse,
  LogoutBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  RefreshBody,
  RegisterBody,
  RegisterResponse,
  TokenPair,
} from '../schemas/auth.ts';
import { problemResponses } from '../schemas/common.ts';
import { companyView, profileView } from './views.ts';

/** Never cache token responses (RFC 6749 §5.1). */
const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: IdentityContext }> = async (app, { ctx }) => {
  app.post(
    '/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create a company and its first member (company_admin)',
        body: RegisterBody,
        response: { 201: RegisterResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { user, company, session } = await register(ctx, request.body);
      return reply
        .code(201)
        .headers(noStore)
        .send({ ...session, user: profileView(user), company: companyView(company, noCreditUsed(company)) });
    },
  );

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Email and password → access and refresh tokens',
        body: LoginBody,
        response: { 200: LoginResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { session, user } = await login(ctx, request.body);
      return reply.headers(noStore).send({ ...session, user: profileView(user) });
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new pair (the old one stops working)',
        body: RefreshBody,
        response: { 200: TokenPair, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.headers(noStore).send(await refreshSession(ctx, request.body.refreshToken)),
  );

  app.post(
    '/logout',
    {
      onRequest: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'Revoke the refresh token and the access token used for this call',
        security: [{ bearerAuth: [] }],
        body: LogoutBody,
        response: { 204: Type.Null({ description: 'Logged out' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = authenticatedUser(request);
      await logout(ctx, { userId: caller.id, jti: caller.jti, exp: caller.exp }, request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Email a single-use reset link (always 202, whether or not the account exists)',
        body: PasswordResetBody,
        response: { 202: Accepted, ...problemResponses },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, request.body.email);
      return reply.code(202).send({ status: 'accepted' });
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset or invitation token; ends every session',
        body: PasswordResetConfirmBody,
        response: { 204: Type.Null({ description: 'Password set' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(ctx, request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/jwks',
    {
      schema: {
        tags: ['auth'],
        summary: 'Public keys that verify access tokens (current, next and recently retired)',
        response: { 200: Jwks },
      },
    },
    async (_request, reply) =>
      // Verifiers cache it; a short max-age lets a rotated key propagate within minutes.
      reply.header('cache-control', 'public, max-age=300').send(ctx.keyRing().publicJwks(ctx.now())),
  );
};
