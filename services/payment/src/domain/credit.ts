/** The company credit ledger: terms learned from company.updated, credit used owned here. */
import type { EventPayloads } from '@b2b/shared/catalogue';
import type { ClientSession } from 'mongodb';
import type { CreditAccountRepository } from '../repositories/credit-accounts.ts';
import { invoiceTerms } from '../repositories/credit-accounts.ts';
import { decimal, type Money, parseJson } from './amounts.ts';
import type { PaymentContext } from './context.ts';
import { paymentErrors } from './errors.ts';
import type { CreditAccountDoc } from './model.ts';

/** Why an invoice authorization was declined: the `reason` of payment.declined. */
export type CreditDeclineReason =
  | 'insufficient_credit'
  /** No company snapshot yet: decline rather than wait (see README, "unknown companies"). */
  | 'credit_unknown'
  | 'company_on_hold'
  /** Prepaid companies cannot buy on invoice. */
  | 'prepaid_terms'
  | 'currency_mismatch';

/** company.updated: apply the snapshot if it is newer than the one held (events may come out of order). */
export async function applyCompanySnapshot(
  credit: CreditAccountRepository,
  data: EventPayloads['company.updated'],
  session: ClientSession,
): Promise<'inserted' | 'updated' | 'stale'> {
  return credit.applySnapshot(
    data.companyId,
    {
      name: data.name,
      status: data.status,
      paymentTerms: data.paymentTerms,
      currency: data.currency,
      creditLimit: decimal(parseJson(data.creditLimit)),
      version: data.version,
      updatedAt: new Date(data.updatedAt),
    },
    session,
  );
}

/**
 * Takes `amount` of the company's credit with one conditional update, or says why not. The reason
 * is read after the update failed: it explains the refusal, it never decides it.
 */
export async function reserveCredit(
  credit: CreditAccountRepository,
  companyId: string,
  amount: Money,
  session: ClientSession,
): Promise<{ ok: true; account: CreditAccountDoc } | { ok: false; reason: CreditDeclineReason }> {
  if (await credit.reserve(companyId, amount.currency, decimal(amount), session)) {
    const account = await credit.findById(companyId, session);
    if (account) return { ok: true, account };
  }
  const account = await credit.findById(companyId, session);
  if (!account) return { ok: false, reason: 'credit_unknown' };
  if (account.status !== 'active') return { ok: false, reason: 'company_on_hold' };
  if (!invoiceTerms.includes(account.paymentTerms)) return { ok: false, reason: 'prepaid_terms' };
  if (account.currency !== amount.currency) return { ok: false, reason: 'currency_mismatch' };
  return { ok: false, reason: 'insufficient_credit' };
}

/** The caller's company credit (GET /companies/me/credit). */
export async function companyCredit(ctx: PaymentContext, companyId: string): Promise<CreditAccountDoc> {
  const account = await ctx.repos.credit.findById(companyId);
  if (!account) throw paymentErrors.creditAccountNotFound();
  return account;
}

/** The ledgers of these companies (those that have one), for the user service's company views. */
export function companyCredits(
  ctx: PaymentContext,
  companyIds: readonly string[],
): Promise<CreditAccountDoc[]> {
  return ctx.repos.credit.findMany(companyIds);
}
