/**
 * The built-in sandbox provider, so the whole flow runs offline: `tok_visa` authorizes,
 * `tok_chargeDeclined` and `tok_insufficientFunds` decline (the usual test-card convention), any
 * other token declines. Its state lives in the payment database (collections `sandbox_intents`
 * and `sandbox_requests`), not in memory, so it behaves like a real provider across restarts:
 * a request repeated with the same idempotency key after a crash returns the first answer.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { compare, fromMinorUnits, type Money, minorUnits, subtract } from '../domain/amounts.ts';
import { type AuthorizeResult, type CardProvider, ProviderRejectedError } from './port.ts';

interface SandboxIntent {
  _id: string;
  currency: string;
  /** Minor units as strings (bigint-safe). */
  authorized: string;
  captured: string;
  refunded: string;
  status: 'requires_capture' | 'succeeded' | 'canceled';
}

interface SandboxRequest {
  _id: string;
  answer: unknown;
  at: Date;
}

const tokenOutcomes: Record<string, AuthorizeResult['outcome'] | 'payment_declined' | 'insufficient_funds'> =
  {
    tok_visa: 'authorized',
    tok_mastercard: 'authorized',
    tok_chargeDeclined: 'payment_declined',
    tok_insufficientFunds: 'insufficient_funds',
  };

export function createSandboxProvider(db: Db): CardProvider {
  const intents: Collection<SandboxIntent> = db.collection('sandbox_intents');
  const requests: Collection<SandboxRequest> = db.collection('sandbox_requests');

  /** Runs `work` once per key; a repeat returns the stored answer. */
  async function once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const seen = await requests.findOne({ _id: key });
    if (seen) return seen.answer as T;
    const answer = await work();
    await requests.updateOne({ _id: key }, { $setOnInsert: { answer, at: new Date() } }, { upsert: true });
    return ((await requests.findOne({ _id: key }))?.answer ?? answer) as T;
  }

  async function intentOf(ref: string): Promise<SandboxIntent> {
    const intent = await intents.findOne({ _id: ref });
    if (!intent) throw new ProviderRejectedError(`sandbox: no payment ${ref}`);
    return intent;
  }

  const amountOf = (minor: string, currency: string) => fromMinorUnits(BigInt(minor), currency);

  return {
    name: 'sandbox',
    authorize: ({ amount, cardToken, idempotencyKey }) =>
      once(idempotencyKey, async (): Promise<AuthorizeResult> => {
        const outcome = tokenOutcomes[cardToken] ?? 'payment_declined';
        if (outcome !== 'authorized') {
          return {
            outcome: 'declined',
            reason: outcome === 'insufficient_funds' ? outcome : 'payment_declined',
            providerRef: null,
          };
        }
        const ref = `sbx_pi_${randomUUID()}`;
        await intents.insertOne({
          _id: ref,
          currency: amount.currency,
          authorized: minorUnits(amount).toString(),
          captured: '0',
          refunded: '0',
          status: 'requires_capture',
        });
        return { outcome: 'authorized', providerRef: ref };
      }),
    capture: ({ providerRef, amount, idempotencyKey }) =>
      once(idempotencyKey, async () => {
        const intent = await intentOf(providerRef);
        if (intent.status !== 'requires_capture')
          throw new ProviderRejectedError(`sandbox: ${providerRef} is ${intent.status}`);
        if (compare(amount, amountOf(intent.authorized, intent.currency)) > 0) {
          throw new ProviderRejectedError('sandbox: capture above the authorized amount');
        }
        await intents.updateOne(
          { _id: providerRef, status: 'requires_capture' },
          { $set: { status: 'succeeded', captured: minorUnits(amount).toString() } },
        );
        return null;
      }).then(() => undefined),
    void: ({ providerRef, idempotencyKey }) =>
      once(idempotencyKey, async () => {
        const intent = await intentOf(providerRef);
        if (intent.status === 'succeeded')
          throw new ProviderRejectedError(`sandbox: ${providerRef} is captured`);
        await intents.updateOne({ _id: providerRef }, { $set: { status: 'canceled' } });
        return null;
      }).then(() => undefined),
    refund: ({ providerRef, amount, idempotencyKey }) =>
      once(idempotencyKey, async () => {
        const intent = await intentOf(providerRef);
        const left: Money = subtract(
          amountOf(intent.captured, intent.currency),
          amountOf(intent.refunded, intent.currency),
        );
        if (intent.status !== 'succeeded' || compare(amount, left) > 0) {
          throw new ProviderRejectedError('sandbox: refund above what is left of the capture');
        }
        await intents.updateOne(
          { _id: providerRef },
          { $set: { refunded: (BigInt(intent.refunded) + minorUnits(amount)).toString() } },
        );
        return { refundRef: `sbx_re_${randomUUID()}` };
      }),
  };
}
