import { RevocationEntry } from '@b2b/shared/auth';
import { feedRoute } from '@b2b/shared/feeds';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityContext } from '../domain/context.ts';

/**
 * /internal/*: for other services only; the gateway never forwards it. The revocation feed
 * (`GET /internal/feeds/revocations?after=<watermark>`) is the "fact every task must know" of
 * events.md: the gateway's and services' tasks poll it every second or two.
 */
export const internalRoutes: FastifyPluginAsyncTypebox<{ ctx: IdentityContext }> = async (app, { ctx }) => {
  await app.register(feedRoute(ctx.repos.revocations.feed, RevocationEntry));
};
