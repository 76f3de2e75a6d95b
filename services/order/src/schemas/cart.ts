import { Type } from 'typebox';
import { closed, Id, Money, Quantity, Sku } from './common.ts';

export const CartItemBody = Type.Object({ sku: Sku, quantity: Quantity }, closed);
export const CartItemPatch = Type.Object({ quantity: Quantity }, closed);
export const CartItemParams = Type.Object({ itemId: Id }, closed);

export const CartWarning = Type.Object(
  {
    code: Type.Union([
      Type.Literal('price_changed'),
      Type.Literal('unavailable'),
      Type.Literal('insufficient_stock'),
      Type.Literal('quantity_rule'),
      Type.Literal('prices_unverified'),
    ]),
    sku: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
  },
  closed,
);

export const Cart = Type.Object(
  {
    id: Id,
    items: Type.Array(
      Type.Object(
        {
          id: Id,
          productId: Type.String(),
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
    tax: Money,
    /** Percent, as a decimal string. */
    taxRate: Type.String(),
    taxNote: Type.Union([Type.String(), Type.Null()]),
    shipping: Money,
    total: Money,
    warnings: Type.Array(CartWarning),
  },
  closed,
);

/** The most lines a quick order takes (JSON or CSV). */
export const MAX_QUICK_ORDER_LINES = 500;

export const BulkJsonBody = Type.Object(
  { items: Type.Array(CartItemBody, { minItems: 1, maxItems: MAX_QUICK_ORDER_LINES }) },
  closed,
);

export const BulkResult = Type.Object(
  {
    added: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() }, closed)),
    errors: Type.Array(
      Type.Object(
        {
          /** The CSV line (header is line 1) or the JSON item index from 1; null when merged. */
          line: Type.Union([Type.Integer(), Type.Null()]),
          sku: Type.String(),
          message: Type.String(),
        },
        closed,
      ),
    ),
  },
  closed,
);
