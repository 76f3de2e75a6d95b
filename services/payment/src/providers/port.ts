/**
 * The card payment provider port. Card data never reaches the platform: the buyer's browser hands
 * the provider the card and the platform only ever sees a token (`cardToken` of order.placed).
 * Every call carries an idempotency key derived from the order id and the step
 * (`<orderId>:authorize`, `:capture`, `:void`, `:refund:<refundId>`), so a call repeated after a
 * crash (the claim → act → mark window) is answered with the first call's result, not done twice.
 */
import type { Money } from '../domain/amounts.ts';

export type AuthorizeResult =
  /** Funds held; capture later. */
  | { outcome: 'authorized'; providerRef: string }
  /** The provider said no; `reason` is the saga's decline reason. */
  | { outcome: 'declined'; reason: CardDeclineReason; providerRef: string | null }
  /** Needs an asynchronous step (3-D Secure): the outcome arrives by webhook. */
  | { outcome: 'pending'; providerRef: string };

export type CardDeclineReason = 'payment_declined' | 'insufficient_funds';

export interface CardProvider {
  readonly name: 'sandbox' | 'stripe';
  authorize(request: {
    orderId: string;
    amount: Money;
    cardToken: string;
    idempotencyKey: string;
  }): Promise<AuthorizeResult>;
  /** Captures `amount` (at most what was authorized) of an authorization. */
  capture(request: { providerRef: string; amount: Money; idempotencyKey: string }): Promise<void>;
  /** Releases an authorization that was not captured. */
  void(request: { providerRef: string; idempotencyKey: string }): Promise<void>;
  /** Returns `amount` of a capture; the provider's refund id. */
  refund(request: {
    providerRef: string;
    amount: Money;
    idempotencyKey: string;
  }): Promise<{ refundRef: string }>;
}

/** The provider could not be reached or failed (5xx): worth a retry, the key makes it safe. */
export class ProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** The provider refused the request itself (bad state, unknown payment): retrying changes nothing. */
export class ProviderRejectedError extends Error {
  /** A 4xx for the platform's retry policy: not retried in-process (the bus still redelivers). */
  readonly status = 422;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderRejectedError';
  }
}
