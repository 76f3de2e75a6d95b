/**
 * Documents → response bodies. Each view names the fields that leave the service (no refund
 * bookkeeping, no provider internals beyond the references api.md lists).
 */
import type { Static } from 'typebox';
import { fromStored, jsonOf, max, storedToJson, subtract, zero } from '../domain/amounts.ts';
import { amountDue } from '../domain/invoices.ts';
import type { CreditAccountDoc, InvoiceDoc, PaymentDoc } from '../domain/model.ts';
import type { CompanyCredit } from '../schemas/credit.ts';
import type { Invoice } from '../schemas/invoices.ts';
import type { Payment } from '../schemas/payments.ts';

export function paymentView(p: PaymentDoc): Static<typeof Payment> {
  const money = (amount: PaymentDoc['amount']) => storedToJson({ amount, currency: p.currency });
  return {
    id: p._id,
    orderId: p.orderId,
    orderNumber: p.orderNumber,
    companyId: p.companyId,
    method: p.method,
    status: p.status,
    amount: money(p.amount),
    capturedAmount: money(p.capturedAmount),
    refundedAmount: money(p.refundedAmount),
    declineReason: p.declineReason,
    invoiceId: p.invoiceId,
    transactions: p.transactions.map((t) => ({
      type: t.type,
      amount: money(t.amount),
      at: t.at.toISOString(),
      providerRef: t.providerRef,
    })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function invoiceView(i: InvoiceDoc): Static<typeof Invoice> {
  return {
    id: i._id,
    orderId: i.orderId,
    paymentId: i.paymentId,
    companyId: i.companyId,
    number: i.number,
    amount: storedToJson(i),
    creditedAmount: i.creditedAmount
      ? storedToJson({ amount: i.creditedAmount, currency: i.currency })
      : jsonOf(zero(i.currency)),
    amountDue: jsonOf(amountDue(i)),
    issuedAt: i.issuedAt.toISOString(),
    dueDate: i.dueDate.toISOString(),
    status: i.status,
    paidAt: i.paidAt ? i.paidAt.toISOString() : null,
  };
}

export function creditView(a: CreditAccountDoc): Static<typeof CompanyCredit> {
  const limit = fromStored({ amount: a.creditLimit, currency: a.currency });
  const used = fromStored({ amount: a.creditUsed, currency: a.currency });
  const left = subtract(limit, used);
  return {
    companyId: a._id,
    status: a.status,
    paymentTerms: a.paymentTerms,
    creditLimit: jsonOf(limit),
    creditUsed: jsonOf(used),
    available: jsonOf(max(left, zero(a.currency))),
  };
}
