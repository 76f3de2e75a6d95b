import type { Db } from 'mongodb';
import type Stripe from 'stripe';
import type { PaymentConfig } from '../config.ts';
import type { CardProvider } from './port.ts';
import { createSandboxProvider } from './sandbox.ts';
import { createStripeClient, createStripeProvider } from './stripe.ts';

export interface ConfiguredProvider {
  provider: CardProvider;
  /** Set with Stripe: the webhook route needs the client and the signing secret. */
  stripeWebhook?: { stripe: Stripe; webhookSecret: string };
}

/** The one place the card provider is chosen (PAYMENT_PROVIDER). */
export function providerFromConfig(config: PaymentConfig, db: Db): ConfiguredProvider {
  if (config.PAYMENT_PROVIDER === 'stripe') {
    // The config rules guarantee both secrets with PAYMENT_PROVIDER=stripe.
    const stripe = createStripeClient({
      secretKey: config.STRIPE_SECRET_KEY!,
      ...(config.STRIPE_API_BASE_URL ? { apiBaseUrl: config.STRIPE_API_BASE_URL } : {}),
    });
    return {
      provider: createStripeProvider(stripe),
      stripeWebhook: { stripe, webhookSecret: config.STRIPE_WEBHOOK_SECRET! },
    };
  }
  return { provider: createSandboxProvider(db) };
}
