/** Net-terms invoices: issued at capture, paid by an admin (credit released), overdue by a job. */
import { randomUUID } from 'node:crypto';
import type { PageRequest } from '@b2b/shared/db';
import { decimal, fromStored, jsonOf, type Money, max, storedToJson, subtract, zero } from './amounts.ts';
import type { PaymentContext, Transaction } from './context.ts';
import { paymentErrors } from './errors.ts';
import type { InvoiceDoc, InvoiceStatus, PaymentDoc, PaymentTerms } from './model.ts';

const DAY_MS = 86_400_000;
const termDays: Record<PaymentTerms, number> = { prepaid: 0, net30: 30, net60: 60 };

/** `INV-2026-000042`: the year of issue and that year's sequence number. */
export function invoiceNumber(year: number, seq: number): string {
  return `INV-${year}-${String(seq).padStart(6, '0')}`;
}

/** Part of the capture's transaction: the invoice, its number and invoice.issued commit together. */
export async function issueInvoice(
  ctx: PaymentContext,
  tx: Transaction,
  payment: PaymentDoc,
  shippedAt: Date,
): Promise<InvoiceDoc> {
  const year = shippedAt.getUTCFullYear();
  const seq = await ctx.repos.counters.next(`invoice-${year}`, tx.session);
  const days = termDays[payment.paymentTerms ?? 'net30'];
  const invoice: InvoiceDoc = {
    _id: randomUUID(),
    number: invoiceNumber(year, seq),
    orderId: payment.orderId,
    paymentId: payment._id,
    companyId: payment.companyId,
    amount: payment.amount,
    currency: payment.currency,
    issuedAt: shippedAt,
    dueDate: new Date(shippedAt.getTime() + days * DAY_MS),
    status: 'open',
    paidAt: null,
    overdueAt: null,
    createdAt: ctx.now(),
  };
  await ctx.repos.invoices.insert(invoice, tx.session);
  await ctx.repos.payments.collection.updateOne(
    { _id: payment._id },
    { $set: { invoiceId: invoice._id } },
    { session: tx.session },
  );
  tx.stage('invoice.issued', {
    invoiceId: invoice._id,
    orderId: invoice.orderId,
    companyId: invoice.companyId,
    number: invoice.number,
    amount: storedToJson(invoice),
    dueDate: invoice.dueDate.toISOString(),
  });
  return invoice;
}

/** What the company still owes on the invoice: its amount less its credit notes; nothing once paid. */
export function amountDue(invoice: InvoiceDoc): Money {
  if (invoice.status === 'paid') return zero(invoice.currency);
  const amount = fromStored(invoice);
  const credited = invoice.creditedAmount
    ? fromStored({ amount: invoice.creditedAmount, currency: invoice.currency })
    : zero(invoice.currency);
  return max(subtract(amount, credited), zero(invoice.currency));
}

/** Who may read invoices: a platform admin (every company) or a company_admin (their own). */
export interface InvoiceReader {
  /** undefined = every company. */
  companyId?: string;
}

export function listInvoices(
  ctx: PaymentContext,
  reader: InvoiceReader,
  query: PageRequest & { status?: InvoiceStatus },
) {
  return ctx.repos.invoices.list({ ...query, ...(reader.companyId ? { companyId: reader.companyId } : {}) });
}

export async function getInvoice(
  ctx: PaymentContext,
  reader: InvoiceReader,
  id: string,
): Promise<InvoiceDoc> {
  const invoice = await ctx.repos.invoices.findById(id);
  // Another company's invoice is a 404: its existence is not confirmed.
  if (!invoice || (reader.companyId !== undefined && invoice.companyId !== reader.companyId)) {
    throw paymentErrors.invoiceNotFound();
  }
  return invoice;
}

/** An admin records the payment of an invoice: paid, and the company's credit comes back. */
export async function markInvoicePaid(ctx: PaymentContext, id: string): Promise<InvoiceDoc> {
  const at = ctx.now();
  const paid = await ctx.transaction(async (tx) => {
    const invoice = await ctx.repos.invoices.findById(id, tx.session);
    if (!invoice) throw paymentErrors.invoiceNotFound();
    const changed = await ctx.repos.invoices.transition(
      id,
      ['open', 'overdue'],
      { status: 'paid', paidAt: at },
      tx.session,
    );
    if (!changed) throw paymentErrors.invoiceAlreadyPaid();
    // Credit notes already gave their part back (refunds.ts): release what is still owed.
    const due = amountDue(invoice);
    await ctx.repos.credit.release(invoice.companyId, decimal(due), tx.session);
    return { ...invoice, status: 'paid' as const, paidAt: at };
  });
  ctx.log.info({ invoiceId: id, companyId: paid.companyId }, 'invoice marked paid; credit released');
  return paid;
}

/**
 * The overdue job's pass: every open invoice past its due date becomes overdue with one
 * conditional update and its invoice.overdue in the same transaction, so two tasks (or two
 * passes) never announce one invoice twice. Returns how many it marked.
 */
export async function markOverdueInvoices(ctx: PaymentContext, batchSize = 100): Promise<number> {
  let marked = 0;
  for (;;) {
    const now = ctx.now();
    const due = await ctx.repos.invoices.findPastDue(now, batchSize);
    let markedThisBatch = 0;
    for (const invoice of due) {
      const changed = await ctx.transaction(async (tx) => {
        const ok = await ctx.repos.invoices.transition(
          invoice._id,
          ['open'],
          { status: 'overdue', overdueAt: now },
          tx.session,
        );
        if (!ok) return false;
        tx.stage('invoice.overdue', {
          invoiceId: invoice._id,
          orderId: invoice.orderId,
          companyId: invoice.companyId,
          number: invoice.number,
          amount: storedToJson(invoice),
          outstanding: jsonOf(amountDue(invoice)),
          dueDate: invoice.dueDate.toISOString(),
          daysOverdue: Math.max(1, Math.floor((now.getTime() - invoice.dueDate.getTime()) / DAY_MS)),
        });
        return true;
      });
      if (changed) markedThisBatch++;
    }
    marked += markedThisBatch;
    if (due.length < batchSize || markedThisBatch === 0) return marked;
  }
}
