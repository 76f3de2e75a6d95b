/**
 * The Stripe adapter: PaymentIntents with `capture_method: manual`, confirmed at once with the
 * buyer's token as the payment method; capture, cancel (void) and refunds on the same intent.
 * Every call carries the idempotency key the service derived from the order id and the step, so
 * a call repeated after a crash returns Stripe's first answer instead of charging twice.
 * Asynchronous outcomes (3-D Secure) arrive at `POST /webhooks/stripe`, verified with
 * `parseStripeWebhook` (the signing secret, over the raw body).
 */
import Stripe from 'stripe';
import { minorUnits } from '../domain/amounts.ts';
import {
  type AuthorizeResult,
  type CardDeclineReason,
  type CardProvider,
  ProviderRejectedError,
  ProviderUnavailableError,
} from './port.ts';

export interface StripeProviderOptions {
  secretKey: string;
  /** Only for a local stand-in in tests: `http://127.0.0.1:41810`. Unset = api.stripe.com. */
  apiBaseUrl?: string;
  /** Per-call timeout; default 20 s (the side-effect lease is 30 s and heartbeats anyway). */
  timeoutMs?: number;
}

export function createStripeClient(opts: StripeProviderOptions): Stripe {
  const base = opts.apiBaseUrl ? new URL(opts.apiBaseUrl) : undefined;
  return new Stripe(opts.secretKey, {
    // Our own retries (side effects) repeat with the same idempotency key; the client's would too.
    maxNetworkRetries: 1,
    timeout: opts.timeoutMs ?? 20_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

function declineReasonOf(code: string | undefined): CardDeclineReason {
  return code === 'insufficient_funds' ? 'insufficient_funds' : 'payment_declined';
}

/** Stripe's errors → the port's: card errors are outcomes, 5xx and network errors are retryable. */
function translate(err: unknown, what: string): never {
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) {
    throw new ProviderUnavailableError(`stripe ${what}: ${err.message}`, { cause: err });
  }
  if (err instanceof Stripe.errors.StripeError) {
    const status = err.statusCode ?? 500;
    if (status >= 500 || status === 429) {
      throw new ProviderUnavailableError(`stripe ${what}: ${err.message}`, { cause: err });
    }
    throw new ProviderRejectedError(`stripe ${what}: ${err.code ?? err.type}`, { cause: err });
  }
  throw err;
}

/**
 * Stripe.js hands the browser a PaymentMethod (`pm_…`); older integrations and Stripe's test
 * cards use card tokens (`tok_visa`), which the API accepts as `payment_method_data[card][token]`
 * (the library's types only describe the PaymentMethod form).
 */
function paymentMethodOf(
  cardToken: string,
): Pick<Stripe.PaymentIntentCreateParams, 'payment_method' | 'payment_method_data'> {
  if (cardToken.startsWith('pm_')) return { payment_method: cardToken };
  const data = { type: 'card', card: { token: cardToken } };
  return { payment_method_data: data as Stripe.PaymentIntentCreateParams.PaymentMethodData };
}

export function createStripeProvider(stripe: Stripe): CardProvider {
  return {
    name: 'stripe',
    async authorize({ orderId, amount, cardToken, idempotencyKey }): Promise<AuthorizeResult> {
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: Number(minorUnits(amount)),
            currency: amount.currency.toLowerCase(),
            capture_method: 'manual',
            confirm: true,
            ...paymentMethodOf(cardToken),
            metadata: { orderId },
          },
          { idempotencyKey },
        );
        if (intent.status === 'requires_capture') return { outcome: 'authorized', providerRef: intent.id };
        if (intent.status === 'requires_action' || intent.status === 'processing') {
          return { outcome: 'pending', providerRef: intent.id };
        }
        return { outcome: 'declined', reason: 'payment_declined', providerRef: intent.id };
      } catch (err) {
        if (err instanceof Stripe.errors.StripeCardError) {
          const intentId = (err.raw as { payment_intent?: { id?: string } }).payment_intent?.id ?? null;
          return { outcome: 'declined', reason: declineReasonOf(err.decline_code), providerRef: intentId };
        }
        translate(err, 'authorize');
      }
    },
    async capture({ providerRef, amount, idempotencyKey }) {
      try {
        await stripe.paymentIntents.capture(
          providerRef,
          { amount_to_capture: Number(minorUnits(amount)) },
          { idempotencyKey },
        );
      } catch (err) {
        translate(err, 'capture');
      }
    },
    async void({ providerRef, idempotencyKey }) {
      try {
        await stripe.paymentIntents.cancel(providerRef, {}, { idempotencyKey });
      } catch (err) {
        translate(err, 'void');
      }
    },
    async refund({ providerRef, amount, idempotencyKey }) {
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: providerRef, amount: Number(minorUnits(amount)) },
          { idempotencyKey },
        );
        return { refundRef: refund.id };
      } catch (err) {
        translate(err, 'refund');
      }
    },
  };
}

/** What the service learns from a verified webhook; other event types are acknowledged and ignored. */
export type StripeOutcome =
  | { kind: 'authorized'; providerRef: string }
  | { kind: 'declined'; providerRef: string; reason: CardDeclineReason }
  | { kind: 'ignored'; type: string };

/**
 * Verifies the `stripe-signature` header over the raw body with the endpoint's signing secret
 * (timestamp tolerance 5 minutes); throws when it does not match.
 */
export function parseStripeWebhook(
  stripe: Stripe,
  rawBody: Buffer,
  signature: string,
  webhookSecret: string,
): StripeOutcome {
  const event = stripe.webhooks.constructEvent(rawBody, signature, webhookSecret);
  if (event.type === 'payment_intent.amount_capturable_updated') {
    return { kind: 'authorized', providerRef: event.data.object.id };
  }
  if (event.type === 'payment_intent.payment_failed') {
    const intent = event.data.object;
    return {
      kind: 'declined',
      providerRef: intent.id,
      reason: declineReasonOf(intent.last_payment_error?.decline_code),
    };
  }
  return { kind: 'ignored', type: event.type };
}
