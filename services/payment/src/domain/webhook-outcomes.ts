/** Asynchronous card outcomes (Stripe webhooks): complete a pending authorization. */
import type { StripeOutcome } from '../providers/stripe.ts';
import { recordCardOutcome } from './authorization.ts';
import type { PaymentContext } from './context.ts';

/**
 * Applies a verified outcome to the payment with that provider reference. Unknown references and
 * payments already decided are acknowledged (the provider retries non-2xx answers for days).
 */
export async function applyProviderOutcome(
  ctx: PaymentContext,
  outcome: StripeOutcome,
): Promise<'applied' | 'ignored'> {
  if (outcome.kind === 'ignored') return 'ignored';
  const payment = await ctx.repos.payments.findByProviderRef(outcome.providerRef);
  if (payment?.status !== 'pending') return 'ignored'; // unknown, or decided already
  await recordCardOutcome(
    ctx,
    payment,
    outcome.kind === 'authorized'
      ? { outcome: 'authorized', providerRef: outcome.providerRef }
      : { outcome: 'declined', reason: outcome.reason, providerRef: outcome.providerRef },
  );
  return 'applied';
}
