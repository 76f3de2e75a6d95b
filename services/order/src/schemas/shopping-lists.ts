import { Type } from 'typebox';
import { MAX_LIST_ITEMS } from '../domain/shopping-lists.ts';
import { closed, Id, paginationProperties, Quantity, Sku, Timestamp, VisibleText } from './common.ts';

const Note = Type.String({ maxLength: 500 });
const ListName = VisibleText(120);

export const ListLineBody = Type.Object({ sku: Sku, quantity: Quantity, note: Type.Optional(Note) }, closed);

export const ListLinePatch = Type.Object(
  { quantity: Type.Optional(Quantity), note: Type.Optional(Type.Union([Note, Type.Null()])) },
  { ...closed, minProperties: 1 },
);

export const NewShoppingList = Type.Object(
  {
    name: ListName,
    shared: Type.Optional(Type.Boolean({ default: false })),
    /** At most one source of lines: these items, a past order of the company, or my cart. */
    items: Type.Optional(Type.Array(ListLineBody, { maxItems: MAX_LIST_ITEMS })),
    fromOrderId: Type.Optional(Id),
    fromCart: Type.Optional(Type.Literal(true)),
  },
  closed,
);

export const ShoppingListPatch = Type.Object(
  { name: Type.Optional(ListName), shared: Type.Optional(Type.Boolean()) },
  { ...closed, minProperties: 1 },
);

export const ShoppingListParams = Type.Object({ id: Id }, closed);
export const ShoppingListItemParams = Type.Object({ id: Id, itemId: Id }, closed);

export const AddListToCartBody = Type.Object(
  { itemIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: MAX_LIST_ITEMS })) },
  closed,
);

export const ShoppingList = Type.Object(
  {
    id: Id,
    name: Type.String(),
    shared: Type.Boolean(),
    ownerId: Type.String(),
    items: Type.Array(
      Type.Object(
        {
          id: Id,
          sku: Type.String(),
          quantity: Type.Integer(),
          note: Type.Union([Type.String(), Type.Null()]),
        },
        closed,
      ),
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  closed,
);

export const ShoppingListQuery = Type.Object(paginationProperties, closed);
