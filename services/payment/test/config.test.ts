import { ConfigError } from '@b2b/shared/config';
import { describe, expect, it } from 'vitest';
import { parsePaymentConfig } from '../src/config.ts';

const production = {
  NODE_ENV: 'production',
  PORT: '3004',
  HOST: '0.0.0.0',
  MONGODB_URI: 'mongodb://db:27017/',
  EVENT_BUS: 'sns-sqs',
  AWS_REGION: 'eu-west-1',
  EVENT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/payment-queue',
  SERVICE_CREDENTIAL: 'a-generated-service-credential-of-43-chars-x',
};

const problemsOf = (env: Record<string, string>) => {
  try {
    parsePaymentConfig(env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.problems.map((p) => p.variable);
  }
};

describe('payment settings', () => {
  it('runs locally on the sandbox provider with catalogue defaults', () => {
    const config = parsePaymentConfig({ NODE_ENV: 'development', MONGODB_URI: 'mongodb://127.0.0.1:1/' });
    expect(config).toMatchObject({
      PAYMENT_PROVIDER: 'sandbox',
      PORT: 3004,
      OVERDUE_CHECK_INTERVAL_SECONDS: 300,
    });
  });

  it('production names the provider: no silent sandbox', () => {
    expect(problemsOf(production)).toEqual(['PAYMENT_PROVIDER']);
    expect(problemsOf({ ...production, PAYMENT_PROVIDER: 'sandbox' })).toEqual([]);
  });

  it('stripe needs both secrets, never defaulted', () => {
    expect(problemsOf({ ...production, PAYMENT_PROVIDER: 'stripe' }).sort()).toEqual([
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ]);
    expect(problemsOf({ ...production, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x' })).toEqual(
      ['STRIPE_WEBHOOK_SECRET'],
    );
    const config = parsePaymentConfig({
      ...production,
      PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
    });
    expect(config.PAYMENT_PROVIDER).toBe('stripe');
    // Locally too: choosing stripe without keys is refused, not patched over.
    expect(
      problemsOf({
        NODE_ENV: 'development',
        MONGODB_URI: 'mongodb://127.0.0.1:1/',
        PAYMENT_PROVIDER: 'stripe',
      }).sort(),
    ).toEqual(['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']);
  });

  it('refuses an unknown provider and production without the service credential', () => {
    expect(problemsOf({ ...production, PAYMENT_PROVIDER: 'paypal' })).toContain('PAYMENT_PROVIDER');
    const { SERVICE_CREDENTIAL: _, ...withoutCredential } = production;
    expect(problemsOf({ ...withoutCredential, PAYMENT_PROVIDER: 'sandbox' })).toEqual(['SERVICE_CREDENTIAL']);
  });
});
