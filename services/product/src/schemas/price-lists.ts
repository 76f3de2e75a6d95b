import { CurrencyCode } from '@b2b/shared/http';
import { Type } from 'typebox';
import { Id, Money, paginationProperties, Sku, Timestamp, VisibleText } from './common.ts';
import { PriceTier } from './products.ts';

export const PriceListEntry = Type.Object(
  { sku: Sku, price: Money, tiers: Type.Optional(Type.Array(PriceTier, { maxItems: 20 })) },
  { additionalProperties: false },
);

const entries = Type.Array(PriceListEntry, { maxItems: 5000 });

export const PriceListCreate = Type.Object(
  { name: VisibleText(120), currency: CurrencyCode, entries },
  { additionalProperties: false },
);

export const PriceListPatch = Type.Object(
  {
    name: Type.Optional(VisibleText(120)),
    currency: Type.Optional(CurrencyCode),
    entries: Type.Optional(entries),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PriceList = Type.Object(
  {
    id: Id,
    name: Type.String(),
    currency: Type.String(),
    entries: Type.Array(
      Type.Object(
        { sku: Type.String(), price: Money, tiers: Type.Array(PriceTier) },
        { additionalProperties: false },
      ),
    ),
    version: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

export const PriceListSummary = Type.Object(
  {
    id: Id,
    name: Type.String(),
    currency: Type.String(),
    version: Type.Integer(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false },
);

export const PriceListQuery = Type.Object({ ...paginationProperties }, { additionalProperties: false });
