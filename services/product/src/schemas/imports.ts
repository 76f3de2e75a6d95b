import { Type } from 'typebox';

/**
 * `application/json`: an array of product create bodies (each may add `onHand`).
 * `text/csv`: header `sku,name,description,brand,category,listPrice,currency,minOrderQuantity,
 * orderMultiple,status,onHand` in any order (sku, name, listPrice required; category is a slug).
 * Rows are checked one by one by the service (a bad row is reported, never fatal), so the body
 * schema only describes the two forms.
 */
export const ImportBody = Type.Unsafe<unknown>({
  description:
    'JSON array of product create bodies (+ onHand), or text/csv with header sku,name,description,brand,category,listPrice,currency,minOrderQuantity,orderMultiple,status,onHand',
});

export const ImportReport = Type.Object(
  {
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    errors: Type.Array(
      Type.Object(
        { row: Type.Integer({ minimum: 1 }), sku: Type.Optional(Type.String()), message: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
