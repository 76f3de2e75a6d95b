import { errors } from '@b2b/shared/errors';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type Stripe from 'stripe';
import type { PaymentContext } from '../domain/context.ts';
import { applyProviderOutcome } from '../domain/webhook-outcomes.ts';
import { parseStripeWebhook } from '../providers/stripe.ts';
import { problemResponses } from '../schemas/common.ts';
import { StripeSignatureHeaders, WebhookAck } from '../schemas/webhooks.ts';

export interface StripeWebhookOptions {
  ctx: PaymentContext;
  stripe: Stripe;
  webhookSecret: string;
}

/**
 * POST /webhooks/stripe (public: `/api/v1/webhooks/stripe`, no bearer token — the signature over
 * the raw body is the authentication). The body is kept as bytes in this plugin only: a
 * re-serialised JSON body would not match the signature.
 */
export const stripeWebhookRoutes: FastifyPluginAsyncTypebox<StripeWebhookOptions> = async (
  app,
  { ctx, stripe, webhookSecret },
) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/stripe',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Stripe event notifications (signed with the endpoint secret)',
        headers: StripeSignatureHeaders,
        response: { 200: WebhookAck, ...problemResponses },
      },
    },
    async (request) => {
      const raw = request.body;
      if (!Buffer.isBuffer(raw)) throw errors.badRequest('A JSON body is required', 'INVALID_WEBHOOK');
      let outcome: ReturnType<typeof parseStripeWebhook>;
      try {
        outcome = parseStripeWebhook(stripe, raw, request.headers['stripe-signature'], webhookSecret);
      } catch {
        throw errors.badRequest('The webhook signature does not match', 'INVALID_WEBHOOK_SIGNATURE');
      }
      return { received: true as const, outcome: await applyProviderOutcome(ctx, outcome) };
    },
  );
};
