/**
 * The `data` of every catalogued event as a TypeBox schema: the one definition of each payload.
 * The catalogue's `EventPayloads` (the TS types) is derived from these with `Static<>`; producers
 * check a payload before staging it (`createEvent`), consumers check it on receipt (`dispatch`).
 * Every object is closed (`additionalProperties: false`): a field a producer adds without
 * declaring it here is a bug found at the producer's first write, not in a consumer.
 */
import { type TSchema, Type } from 'typebox';
import type { EventType } from '../catalogue.ts';
import { Money } from '../http/schemas.ts';

const closed = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1 });
const Timestamp = Type.String({ format: 'date-time', description: 'ISO-8601, UTC' });
/** Grows with every change of the entity: consumers keep a projection by "apply if newer". */
const SnapshotVersion = Type.Integer({ minimum: 1 });
const Quantity = Type.Integer({ minimum: 1 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const orderRef = { orderId: Id, orderNumber: Type.String(), companyId: Id, userId: Id };

const CompanySnapshot = Type.Object(
  {
    companyId: Id,
    name: Type.String(),
    status: Type.Union([Type.Literal('active'), Type.Literal('on_hold')]),
    /** Credit limit, credit used and spending limits are all in this currency. */
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    paymentTerms: Type.Union([Type.Literal('prepaid'), Type.Literal('net30'), Type.Literal('net60')]),
    creditLimit: Money,
    priceListId: Nullable(Id),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    vatId: Type.Optional(Type.String()),
    version: SnapshotVersion,
    updatedAt: Timestamp,
  },
  closed,
);

const MemberSnapshot = Type.Object(
  {
    userId: Id,
    companyId: Id,
    companyRole: Type.Union([Type.Literal('company_admin'), Type.Literal('approver'), Type.Literal('buyer')]),
    spendingLimit: Nullable(Money),
    monthlyBudget: Nullable(Money),
    status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
    email: Type.String(),
    name: Type.String(),
    version: SnapshotVersion,
    updatedAt: Timestamp,
  },
  closed,
);

const ProductSnapshot = Type.Object(
  {
    productId: Id,
    sku: Type.String({ minLength: 1 }),
    name: Type.String(),
    slug: Type.String(),
    description: Type.String(),
    brand: Nullable(Type.String()),
    categoryIds: Type.Array(Id),
    attributes: Type.Record(Type.String(), Type.String()),
    images: Type.Array(Type.Object({ id: Id, url: Type.String(), alt: Nullable(Type.String()) }, closed)),
    listPrice: Money,
    priceTiers: Type.Array(Type.Object({ minQuantity: Quantity, price: Money }, closed)),
    minOrderQuantity: Quantity,
    orderMultiple: Quantity,
    status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('archived')]),
    version: SnapshotVersion,
    updatedAt: Timestamp,
  },
  closed,
);

const quoteRef = { quoteId: Id, number: Type.String(), companyId: Id, userId: Id };
const QuoteLine = Type.Object({ sku: Type.String({ minLength: 1 }), quantity: Quantity }, closed);
const PricedQuoteLine = Type.Object(
  { sku: Type.String({ minLength: 1 }), quantity: Quantity, unitPrice: Money },
  closed,
);

export const eventDataSchemas = {
  'user.registered': Type.Object(
    { userId: Id, email: Type.String(), name: Type.String(), companyId: Id, companyName: Type.String() },
    closed,
  ),
  'user.invited': Type.Object(
    {
      userId: Id,
      email: Type.String(),
      name: Type.String(),
      companyId: Id,
      companyName: Type.String(),
      invitedBy: Id,
      /** Single-use set-password token (only the notification service reads it, to build the link). */
      setPasswordToken: Type.String({ minLength: 1 }),
      expiresAt: Timestamp,
    },
    closed,
  ),
  'user.password_reset_requested': Type.Object(
    {
      userId: Id,
      email: Type.String(),
      name: Type.String(),
      /** Single-use reset token, valid one hour. */
      resetToken: Type.String({ minLength: 1 }),
      expiresAt: Timestamp,
    },
    closed,
  ),
  'company.updated': CompanySnapshot,
  'member.updated': MemberSnapshot,
  /** The member's last snapshot, with a version above every earlier one. */
  'member.removed': MemberSnapshot,
  'product.created': ProductSnapshot,
  'product.updated': ProductSnapshot,
  /** The snapshot with status `archived`. */
  'product.archived': ProductSnapshot,
  'inventory.reserved': Type.Object({ orderId: Id, items: Type.Array(QuoteLine) }, closed),
  'inventory.rejected': Type.Object(
    { orderId: Id, reason: Type.String(), skus: Type.Array(Type.String()) },
    closed,
  ),
  'inventory.low_stock': Type.Object(
    { sku: Type.String({ minLength: 1 }), available: Type.Integer(), threshold: Type.Integer() },
    closed,
  ),
  'order.placed': Type.Object(
    {
      ...orderRef,
      items: Type.Array(PricedQuoteLine),
      total: Money,
      paymentMethod: Type.Union([Type.Literal('invoice'), Type.Literal('card')]),
      cardToken: Type.Optional(Type.String()),
    },
    closed,
  ),
  'order.awaiting_approval': Type.Object({ ...orderRef, total: Money }, closed),
  'order.confirmed': Type.Object({ ...orderRef, total: Money }, closed),
  'order.cancelled': Type.Object({ ...orderRef, reason: Type.String() }, closed),
  'order.rejected': Type.Object({ ...orderRef, reason: Type.Optional(Type.String()) }, closed),
  'order.shipped': Type.Object(
    { ...orderRef, carrier: Type.String(), trackingNumber: Type.String() },
    closed,
  ),
  'order.delivered': Type.Object(orderRef, closed),
  'payment.authorized': Type.Object({ paymentId: Id, orderId: Id, amount: Money }, closed),
  'payment.declined': Type.Object({ paymentId: Id, orderId: Id, reason: Type.String() }, closed),
  'payment.captured': Type.Object({ paymentId: Id, orderId: Id, amount: Money }, closed),
  'payment.refunded': Type.Object(
    {
      paymentId: Id,
      orderId: Id,
      /** This refund. */
      amount: Money,
      /**
       * Every completed refund of the payment so far, this one included, and what was captured:
       * a consumer tells a partial refund from a full one, and a late (reordered) delivery of an
       * earlier refund by its smaller total. Optional for events queued before they existed.
       */
      refundedTotal: Type.Optional(Money),
      capturedAmount: Type.Optional(Money),
    },
    closed,
  ),
  'invoice.issued': Type.Object(
    { invoiceId: Id, orderId: Id, companyId: Id, number: Type.String(), amount: Money, dueDate: Timestamp },
    closed,
  ),
  'invoice.overdue': Type.Object(
    {
      invoiceId: Id,
      orderId: Id,
      companyId: Id,
      number: Type.String(),
      amount: Money,
      /** What is still unpaid. */
      outstanding: Money,
      dueDate: Timestamp,
      daysOverdue: Type.Integer({ minimum: 1 }),
    },
    closed,
  ),
  'quote.requested': Type.Object(
    {
      ...quoteRef,
      items: Type.Array(
        Type.Object(
          { sku: Type.String({ minLength: 1 }), quantity: Quantity, targetPrice: Type.Optional(Money) },
          closed,
        ),
      ),
      note: Type.Optional(Type.String()),
    },
    closed,
  ),
  'quote.offered': Type.Object(
    {
      ...quoteRef,
      items: Type.Array(PricedQuoteLine),
      total: Money,
      validUntil: Timestamp,
      message: Type.Optional(Type.String()),
    },
    closed,
  ),
  'quote.accepted': Type.Object(
    { ...quoteRef, total: Money, acceptedBy: Id, orderId: Id, orderNumber: Type.String() },
    closed,
  ),
  'quote.declined': Type.Object(
    { ...quoteRef, declinedBy: Id, reason: Type.Optional(Type.String()) },
    closed,
  ),
  'quote.expired': Type.Object({ ...quoteRef, validUntil: Timestamp }, closed),
  'quote.message_posted': Type.Object(
    {
      ...quoteRef,
      messageId: Id,
      /** Who wrote: the buyer's company or the supplier's staff; the other side is told. */
      side: Type.Union([Type.Literal('buyer'), Type.Literal('supplier')]),
      authorId: Id,
      /** The start of the message, for the notification (the thread holds the whole text). */
      excerpt: Type.String({ maxLength: 200 }),
    },
    closed,
  ),
} as const satisfies Record<EventType, TSchema>;

export type EventDataSchemas = typeof eventDataSchemas;
