import { Type } from 'typebox';
import { closed, Id, Money, paginationProperties, Timestamp } from './common.ts';

export const InvoiceStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('paid'),
  Type.Literal('overdue'),
]);

export const Invoice = Type.Object(
  {
    id: Id,
    orderId: Id,
    paymentId: Id,
    companyId: Id,
    number: Type.String({ pattern: '^INV-\\d{4}-\\d{6,}$' }),
    amount: Money,
    /** Credit notes of refunds against this invoice. */
    creditedAmount: Money,
    /** What the company still owes: amount − creditedAmount while open or overdue, 0 once paid. */
    amountDue: Money,
    issuedAt: Timestamp,
    dueDate: Timestamp,
    status: InvoiceStatus,
    paidAt: Type.Union([Timestamp, Type.Null()]),
  },
  closed,
);

export const InvoiceParams = Type.Object({ id: Id }, closed);

export const InvoiceListQuery = Type.Object(
  { ...paginationProperties, status: Type.Optional(InvoiceStatus) },
  closed,
);
