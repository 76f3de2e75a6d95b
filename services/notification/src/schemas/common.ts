import { Type } from 'typebox';

export { Page, paginationProperties, problemResponses } from '@b2b/shared/http';

export const Id = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.:@+-]+$' });
export const Timestamp = Type.String({ format: 'date-time' });
export const closed = { additionalProperties: false } as const;
export const security = [{ bearerAuth: [] }];
