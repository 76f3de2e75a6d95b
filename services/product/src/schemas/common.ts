import { Type } from 'typebox';

export { Money, Page, paginationProperties, problemResponses } from '@b2b/shared/http';

/** Opaque ids (UUIDs here); the bound and alphabet keep junk out of queries and logs. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
/** Skus are compared case-insensitively; letters, digits and `. _ -`. */
export const Sku = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
/** An id or a sku (`/products/:idOrSku`). */
export const IdOrSku = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
export const Slug = Type.String({ minLength: 1, maxLength: 120, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
export const Timestamp = Type.String({ format: 'date-time' });
/** A whole quantity of units, at least one. */
export const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
/** Free text that must say something. */
export function VisibleText(maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S' });
}
/**
 * The query string of a route that takes none: any parameter is a 400, so an operator-shaped one
 * (`?sku[$gt]=`) is refused like on the routes that do take parameters, never silently ignored.
 */
export const NoQuery = Type.Object({}, { additionalProperties: false });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
