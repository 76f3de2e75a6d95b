import { Type } from 'typebox';
import { Sku } from './common.ts';

export const SkuParams = Type.Object({ sku: Sku }, { additionalProperties: false });

export const Inventory = Type.Object(
  {
    sku: Type.String(),
    onHand: Type.Integer({ minimum: 0 }),
    reserved: Type.Integer({ minimum: 0 }),
    available: Type.Integer({ minimum: 0 }),
    lowStockThreshold: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const InventoryPut = Type.Object(
  {
    onHand: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    lowStockThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  },
  { additionalProperties: false },
);
