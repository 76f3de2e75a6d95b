import {
  baseSettings,
  type ConfigRule,
  HttpUrl,
  loadConfig,
  loadConfigOrExit,
  requireDatabase,
  requireEventBus,
  Secret,
} from '@b2b/shared/config';
import { requireServiceCredential, serviceCredentialSettings } from '@b2b/shared/internal';
import { Type } from 'typebox';

export const PaymentSettings = Type.Object({
  ...baseSettings,
  /** Presented to the user service's revocation feed (an /internal route). */
  ...serviceCredentialSettings,
  /** Which card provider adapter runs. No default in production: a deployment says what it charges. */
  PAYMENT_PROVIDER: Type.Optional(Type.Union([Type.Literal('sandbox'), Type.Literal('stripe')])),
  /** Stripe API secret key (ECS secret from Secrets Manager). Required with PAYMENT_PROVIDER=stripe. */
  STRIPE_SECRET_KEY: Type.Optional(Secret({ description: 'Stripe secret API key' })),
  /** The webhook endpoint's signing secret (`whsec_…`). Required with PAYMENT_PROVIDER=stripe. */
  STRIPE_WEBHOOK_SECRET: Type.Optional(Secret({ description: 'Stripe webhook signing secret' })),
  /**
   * Where the Stripe client sends its calls; only for a local stand-in (tests). Unset = api.stripe.com.
   */
  STRIPE_API_BASE_URL: Type.Optional(HttpUrl('e.g. http://127.0.0.1:41810')),
  /** How often the overdue job looks for open invoices past their due date. */
  OVERDUE_CHECK_INTERVAL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 300 }),
  /** How often the revocation feed of the user service is polled (logged-out tokens refused here too). */
  REVOCATION_POLL_MS: Type.Integer({ minimum: 200, default: 2_000 }),
});

/**
 * The card provider is chosen explicitly in production, and Stripe never runs without its keys:
 * no silent fallback to the sandbox, no default secret.
 */
export const requireProviderSettings: ConfigRule = (values, { production }) => {
  const provider = values['PAYMENT_PROVIDER'];
  if (provider === undefined) {
    return production
      ? [{ variable: 'PAYMENT_PROVIDER', message: 'is required in production (sandbox or stripe)' }]
      : [];
  }
  if (provider !== 'stripe') return [];
  return (['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const)
    .filter((variable) => values[variable] === undefined)
    .map((variable) => ({ variable, message: 'is required when PAYMENT_PROVIDER=stripe' }));
};

function options(env: NodeJS.ProcessEnv) {
  return {
    env: { SERVICE_NAME: 'payment', ...env },
    localDefaults: { PAYMENT_PROVIDER: 'sandbox' },
    rules: [
      requireDatabase,
      requireEventBus({ consumer: true }),
      requireServiceCredential,
      requireProviderSettings,
    ],
  };
}

/** Validated settings, or a ConfigError naming every offending variable. */
export function parsePaymentConfig(env: NodeJS.ProcessEnv) {
  return loadConfig(PaymentSettings, options(env));
}

/** For process entries: on a bad configuration, print the problems and exit 1. */
export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(PaymentSettings, options(env));
}

export type PaymentConfig = ReturnType<typeof loadPaymentConfig>;
