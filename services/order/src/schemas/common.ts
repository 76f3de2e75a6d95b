import { Type } from 'typebox';

export { Money, Page, paginationProperties, problemResponses } from '@b2b/shared/http';

const closed = { additionalProperties: false } as const;

export { closed };

/** Opaque ids (UUIDs here); the bound and alphabet keep junk out of queries and logs. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Sku = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._/-]+$' });
export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
export const Timestamp = Type.String({ format: 'date-time' });
/** Free text that must say something. */
export function VisibleText(maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S' });
}
export const IdParams = Type.Object({ id: Id }, closed);
