import { Type } from 'typebox';

export {
  CurrencyCode,
  Money,
  Page,
  Pagination,
  Problem,
  paginationProperties,
  problemResponses,
} from '@b2b/shared/http';

/**
 * An address as typed: surrounding spaces are allowed here because the service normalises
 * (trims and lower-cases) every email before use.
 */
export const Email = Type.String({
  pattern: '^\\s*[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@]+\\s*$',
  minLength: 3,
  maxLength: 254,
  description: 'email address; compared case-insensitively',
});
/** Opaque ids (UUIDs here); the bound and alphabet keep junk out of queries and logs. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
/** Free text that must say something: a value of only spaces would be stored as a blank. */
export function VisibleText(maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S' });
}
export const PersonName = VisibleText(120);
export const Phone = Type.String({ minLength: 3, maxLength: 32, pattern: '^[+0-9 ()./-]+$' });
/** Checked by the password policy; the schema only bounds what argon2 is given. */
export const Password = Type.String({ minLength: 1, maxLength: 256 });
export const OpaqueToken = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
export const Timestamp = Type.String({ format: 'date-time' });
