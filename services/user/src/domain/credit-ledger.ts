/**
 * A company's creditUsed belongs to the payment service's ledger (it takes credit when it
 * authorizes an invoice order and gives it back on void, credit note or payment). The user
 * service keeps no copy that could drift: its company views ask the ledger, through the payment
 * service's own internal API.
 */
import { paymentInternalApi } from '@b2b/payment/internal-api';
import { createInternalClient } from '@b2b/shared/internal';
import type { MoneyJson } from '@b2b/shared/money';
import { toJson, zero } from '@b2b/shared/money';
import type { CompanyDoc } from './model.ts';
import { companyCurrency } from './model.ts';

export interface CreditLedger {
  /**
   * creditUsed per company id; a company missing from the map has no ledger yet (nothing used).
   * null when the payment service cannot answer now.
   */
  creditUsed(companyIds: readonly string[]): Promise<ReadonlyMap<string, MoneyJson> | null>;
}

export interface PaymentCreditLedgerOptions {
  baseUrl: string;
  credential: string;
  timeoutMs?: number;
  log: { warn(fields: Record<string, unknown>, message: string): void };
}

export function createPaymentCreditLedger(opts: PaymentCreditLedgerOptions): CreditLedger {
  const payment = createInternalClient(paymentInternalApi, {
    name: 'payment',
    baseUrl: opts.baseUrl,
    credential: opts.credential,
    timeoutMs: opts.timeoutMs ?? 1_000,
  });
  return {
    async creditUsed(companyIds) {
      if (companyIds.length === 0) return new Map();
      try {
        const { items } = await payment.call('lookupCredit', { query: { companyIds: companyIds.join(',') } });
        return new Map(items.map((a) => [a.companyId, a.creditUsed]));
      } catch (err) {
        // The company page still answers; creditUsed says "not known right now" (null), never a guess.
        opts.log.warn({ err: (err as Error).message }, 'credit ledger unavailable: creditUsed shown as null');
        return null;
      }
    },
  };
}

/** The creditUsed to show for each company: the ledger's, zero without a ledger, null while unknown. */
export async function creditUsedOf(
  ledger: CreditLedger,
  companies: readonly CompanyDoc[],
): Promise<Map<string, MoneyJson | null>> {
  const used = await ledger.creditUsed(companies.map((c) => c._id));
  return new Map(
    companies.map((c) => [
      c._id,
      used === null ? null : (used.get(c._id) ?? toJson(zero(companyCurrency(c)))),
    ]),
  );
}

/** A company just created has used no credit (no order can have reached the ledger yet). */
export function noCreditUsed(company: CompanyDoc): MoneyJson {
  return toJson(zero(companyCurrency(company)));
}
