import { Type } from 'typebox';

export { Money, Page, Problem, paginationProperties, problemResponses } from '@b2b/shared/http';

/** Opaque ids (UUIDs here); the bound and alphabet keep junk out of queries and logs. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Timestamp = Type.String({ format: 'date-time' });
export const closed = { additionalProperties: false } as const;
