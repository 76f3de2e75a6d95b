import { type TSchema, Type } from 'typebox';
import { MAX_CATEGORY_DEPTH } from '../domain/categories.ts';
import { Id, Slug, VisibleText } from './common.ts';

export const CategoryCreate = Type.Object(
  {
    name: VisibleText(100),
    slug: Type.Optional(Slug),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);

export const CategoryPatch = Type.Object(
  {
    name: Type.Optional(VisibleText(100)),
    slug: Type.Optional(Slug),
    /** Moves the category (with its subtree); null moves it to the root. */
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Category = Type.Object(
  { id: Id, name: Type.String(), slug: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

function nodeSchema(depth: number): TSchema {
  const children = depth > 1 ? Type.Array(nodeSchema(depth - 1)) : Type.Array(Type.Never(), { maxItems: 0 });
  return Type.Object(
    { id: Id, name: Type.String(), slug: Type.String(), children },
    { additionalProperties: false },
  );
}

/** Nested MAX_CATEGORY_DEPTH levels: schemas stay inline (no recursive $ref). */
export const CategoryTree = Type.Array(nodeSchema(MAX_CATEGORY_DEPTH));
