import { authPlugin, type TokenVerifier } from '@b2b/shared/auth';
import { ensureEventConsumerIndexes } from '@b2b/shared/events';
import {
  createService,
  ensureIdempotencyIndexes,
  idempotencyCollection,
  idempotencyPlugin,
  type ServiceApp,
} from '@b2b/shared/http';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type Stripe from 'stripe';
import type { PaymentContext } from './domain/context.ts';
import { ensurePaymentIndexes } from './domain/create-context.ts';
import { adminRoutes } from './routes/admin.ts';
import { companyCreditRoutes } from './routes/companies.ts';
import { internalRoutes } from './routes/internal.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { paymentRoutes } from './routes/payments.ts';
import { stripeWebhookRoutes } from './routes/webhooks.ts';

export interface PaymentServiceDeps {
  db: Db;
  /** The use cases' context (createPaymentContext): main.ts shares it with the consumers and the overdue job. */
  ctx: PaymentContext;
  /** Access tokens of the user service (JWKS), wired to the revocation list in main.ts. */
  verifier: TokenVerifier;
  /** With the Stripe provider: verifies and applies `POST /webhooks/stripe`. Absent = no webhook route. */
  stripeWebhook?: { stripe: Stripe; webhookSecret: string };
  /** SERVICE_CREDENTIAL: callers of /internal/* must present it; undefined refuses them all. */
  serviceCredential: string | undefined;
  logLevel?: string;
  logStream?: DestinationStream;
}

/** The payment service: payments, refunds, invoices and company credit. Used by main.ts and tests. */
export async function buildApp(deps: PaymentServiceDeps): Promise<ServiceApp> {
  const app = createService({
    name: 'payment',
    logLevel: deps.logLevel,
    logStream: deps.logStream,
    openapi: {
      title: 'Payment service',
      version: '1.0.0',
      description: 'Payments, transactions, refunds, invoices and company credit',
    },
  });
  await ensurePaymentIndexes(deps.ctx);
  await ensureEventConsumerIndexes(deps.db);
  const { ctx } = deps;

  await app.register(authPlugin, { verifier: deps.verifier });
  // After auth: Idempotency-Key records are scoped to the authenticated caller.
  const idempotency = idempotencyCollection(deps.db);
  await ensureIdempotencyIndexes(idempotency);
  await app.register(idempotencyPlugin, { collection: idempotency });
  await app.register(paymentRoutes, { prefix: '/payments', ctx });
  await app.register(invoiceRoutes, { prefix: '/invoices', ctx });
  await app.register(companyCreditRoutes, { prefix: '/companies', ctx });
  await app.register(adminRoutes, { prefix: '/admin', ctx });
  await app.register(internalRoutes, { prefix: '/internal', ctx, serviceCredential: deps.serviceCredential });
  if (deps.stripeWebhook) {
    await app.register(stripeWebhookRoutes, { prefix: '/webhooks', ctx, ...deps.stripeWebhook });
  }
  return app;
}
