import { Type } from 'typebox';
import { closed, Id, Money, paginationProperties, Timestamp } from './common.ts';

export const PaymentStatus = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('authorized'),
    Type.Literal('captured'),
    Type.Literal('declined'),
    Type.Literal('voided'),
    Type.Literal('refunded'),
    Type.Literal('partially_refunded'),
  ],
  { description: '`pending` while the card provider has not answered (or waits for 3-D Secure)' },
);

export const PaymentTransaction = Type.Object(
  {
    type: Type.Union([
      Type.Literal('authorization'),
      Type.Literal('decline'),
      Type.Literal('capture'),
      Type.Literal('void'),
      Type.Literal('refund'),
    ]),
    amount: Money,
    at: Timestamp,
    providerRef: Type.Union([Type.String(), Type.Null()]),
  },
  closed,
);

export const Payment = Type.Object(
  {
    id: Id,
    orderId: Id,
    orderNumber: Type.String(),
    companyId: Id,
    method: Type.Union([Type.Literal('invoice'), Type.Literal('card')]),
    status: PaymentStatus,
    amount: Money,
    capturedAmount: Money,
    refundedAmount: Money,
    declineReason: Type.Union([Type.String(), Type.Null()]),
    invoiceId: Type.Union([Id, Type.Null()]),
    transactions: Type.Array(PaymentTransaction),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  closed,
);

export const PaymentParams = Type.Object({ id: Id }, closed);

export const PaymentListQuery = Type.Object({ ...paginationProperties, orderId: Type.Optional(Id) }, closed);

export const RefundBody = Type.Object(
  { amount: Money, reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) },
  closed,
);

/**
 * Refunds require `Idempotency-Key`: the key names the refund, so a retried request finds the
 * refund it already made instead of making a second one.
 */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' }),
});
