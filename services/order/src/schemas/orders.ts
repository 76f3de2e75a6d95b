import { MAX_IDEMPOTENCY_KEY_LENGTH } from '@b2b/shared/http';
import { Type } from 'typebox';
import { approverRoles, cancellationReasons, orderStatuses, paymentStatuses } from '../domain/model.ts';
import { closed, Id, Money, paginationProperties, Timestamp, VisibleText } from './common.ts';

export const OrderStatus = Type.Enum(orderStatuses);

/** api.md's address shape (the user service's addresses), without id and default flag. */
export const ShippingAddress = Type.Object(
  {
    label: Type.Optional(VisibleText(60)),
    line1: VisibleText(200),
    line2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    city: VisibleText(100),
    postalCode: Type.String({ minLength: 2, maxLength: 16, pattern: '^[A-Za-z0-9][A-Za-z0-9 -]*$' }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  closed,
);

export const CheckoutBody = Type.Object(
  {
    shippingAddress: ShippingAddress,
    paymentMethod: Type.Union([Type.Literal('invoice'), Type.Literal('card')]),
    poNumber: Type.Optional(VisibleText(64)),
    costCenter: Type.Optional(VisibleText(64)),
    cardToken: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_]+$' })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  closed,
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH })),
});

const OrderLine = Type.Object(
  {
    sku: Type.String(),
    productId: Type.String(),
    name: Type.String(),
    quantity: Type.Integer(),
    unitPrice: Money,
    lineTotal: Money,
  },
  closed,
);

export const Order = Type.Object(
  {
    id: Id,
    orderNumber: Type.String({ pattern: '^SO-\\d{4}-\\d{6,}$' }),
    companyId: Type.String(),
    userId: Type.String(),
    status: OrderStatus,
    items: Type.Array(OrderLine),
    subtotal: Money,
    tax: Money,
    taxRate: Type.String(),
    taxNote: Type.Union([Type.String(), Type.Null()]),
    shipping: Money,
    total: Money,
    shippingAddress: ShippingAddress,
    paymentMethod: Type.Union([Type.Literal('invoice'), Type.Literal('card')]),
    poNumber: Type.Union([Type.String(), Type.Null()]),
    costCenter: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    paymentStatus: Type.Enum(paymentStatuses),
    cancellationReason: Type.Union([Type.Enum(cancellationReasons), Type.Null()]),
    approvalReasons: Type.Array(Type.String()),
    /** The approvals the order must collect, lowest level first (multi-level approval rules). */
    approvalLevels: Type.Array(Type.Object({ roles: Type.Array(Type.Enum(approverRoles)) }, closed)),
    approvals: Type.Array(
      Type.Object(
        {
          by: Type.String(),
          role: Type.String(),
          at: Timestamp,
          decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
          reason: Type.Union([Type.String(), Type.Null()]),
        },
        closed,
      ),
    ),
    history: Type.Array(
      Type.Object(
        {
          status: OrderStatus,
          at: Timestamp,
          by: Type.Union([Type.String(), Type.Null()]),
          reason: Type.Union([Type.String(), Type.Null()]),
        },
        closed,
      ),
    ),
    shipment: Type.Union([
      Type.Object({ carrier: Type.String(), trackingNumber: Type.String() }, closed),
      Type.Null(),
    ]),
    /** The accepted quote the order was made from, at its offered prices; null for a cart checkout. */
    quoteId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  closed,
);

export const OrderListQuery = Type.Object(
  { status: Type.Optional(OrderStatus), ...paginationProperties },
  closed,
);

export const AdminOrderQuery = Type.Object(
  {
    status: Type.Optional(OrderStatus),
    companyId: Type.Optional(Id),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    ...paginationProperties,
  },
  closed,
);

export const DecisionBody = Type.Object({ reason: Type.Optional(VisibleText(500)) }, closed);

export const ShipBody = Type.Object({ carrier: VisibleText(64), trackingNumber: VisibleText(64) }, closed);

export const SalesQuery = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    interval: Type.Union([Type.Literal('day'), Type.Literal('week')], { default: 'day' }),
  },
  closed,
);

export const SalesReport = Type.Object(
  {
    revenue: Money,
    orders: Type.Integer(),
    averageOrderValue: Money,
    byStatus: Type.Record(Type.String(), Type.Integer()),
    series: Type.Array(Type.Object({ date: Type.String(), revenue: Money, orders: Type.Integer() }, closed)),
    topProducts: Type.Array(
      Type.Object(
        { sku: Type.String(), name: Type.String(), quantity: Type.Integer(), revenue: Money },
        closed,
      ),
    ),
    byCostCenter: Type.Array(
      Type.Object(
        {
          companyId: Type.String(),
          costCenter: Type.Union([Type.String(), Type.Null()]),
          revenue: Money,
          orders: Type.Integer(),
        },
        closed,
      ),
    ),
  },
  closed,
);

export const SummaryQuery = Type.Object(
  { from: Type.Optional(Timestamp), to: Type.Optional(Timestamp) },
  closed,
);

export const CompanySummary = Type.Object(
  {
    companyId: Type.String(),
    total: Money,
    orders: Type.Integer(),
    byCostCenter: Type.Array(
      Type.Object(
        { costCenter: Type.Union([Type.String(), Type.Null()]), total: Money, orders: Type.Integer() },
        closed,
      ),
    ),
  },
  closed,
);
