import { type TSchema, Type } from 'typebox';
import { MAX_QUOTE_LINES } from '../domain/quotes.ts';
import { quoteStatuses } from '../repositories/quotes.ts';
import { closed, Id, Money, paginationProperties, Quantity, Sku, Timestamp, VisibleText } from './common.ts';
import { CheckoutBody } from './orders.ts';

export const QuoteStatus = Type.Enum(quoteStatuses);

export const QuoteRequestBody = Type.Union([
  Type.Object(
    {
      items: Type.Array(
        Type.Object({ sku: Sku, quantity: Quantity, targetPrice: Type.Optional(Money) }, closed),
        {
          minItems: 1,
          maxItems: MAX_QUOTE_LINES,
        },
      ),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    closed,
  ),
  Type.Object(
    { fromCart: Type.Literal(true), note: Type.Optional(Type.String({ maxLength: 2000 })) },
    closed,
  ),
]);

export const OfferBody = Type.Object(
  {
    items: Type.Array(Type.Object({ sku: Sku, quantity: Quantity, unitPrice: Money }, closed), {
      minItems: 1,
      maxItems: MAX_QUOTE_LINES,
    }),
    validUntil: Timestamp,
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  closed,
);

export const MessageBody = Type.Object({ text: VisibleText(4000) }, closed);
export const DeclineBody = Type.Object({ reason: Type.Optional(VisibleText(500)) }, closed);
/** Accepting places an order: the checkout's own fields (address, payment, PO, cost center). */
export const AcceptBody = CheckoutBody;

export const QuoteListQuery = Type.Object(
  { status: Type.Optional(QuoteStatus), ...paginationProperties },
  closed,
);
export const AdminQuoteListQuery = Type.Object(
  { status: Type.Optional(QuoteStatus), companyId: Type.Optional(Id), ...paginationProperties },
  closed,
);

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Quote = Type.Object(
  {
    id: Id,
    number: Type.String({ pattern: '^RFQ-\\d{4}-\\d{6,}$' }),
    companyId: Type.String(),
    userId: Type.String(),
    status: QuoteStatus,
    items: Type.Array(
      Type.Object(
        { sku: Type.String(), name: Type.String(), quantity: Type.Integer(), targetPrice: Nullable(Money) },
        closed,
      ),
    ),
    note: Nullable(Type.String()),
    offer: Nullable(
      Type.Object(
        {
          items: Type.Array(
            Type.Object(
              {
                sku: Type.String(),
                name: Type.String(),
                quantity: Type.Integer(),
                unitPrice: Money,
                lineTotal: Money,
              },
              closed,
            ),
          ),
          subtotal: Money,
          validUntil: Timestamp,
          message: Nullable(Type.String()),
          offeredAt: Timestamp,
        },
        closed,
      ),
    ),
    messages: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          authorId: Type.String(),
          side: Type.Union([Type.Literal('buyer'), Type.Literal('supplier')]),
          text: Type.String(),
          at: Timestamp,
        },
        closed,
      ),
    ),
    orderId: Nullable(Type.String()),
    orderNumber: Nullable(Type.String()),
    declineReason: Nullable(Type.String()),
    history: Type.Array(
      Type.Object({ status: QuoteStatus, at: Timestamp, by: Nullable(Type.String()) }, closed),
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  closed,
);
