import { Type } from 'typebox';

export { Page, Pagination, paginationProperties, problemResponses } from '@b2b/shared/http';

export const Timestamp = Type.String({ format: 'date-time' });
export const closed = { additionalProperties: false } as const;
export const security = [{ bearerAuth: [] }];
/** The OpenAPI tag of every /admin route (routes/admin-area.ts guards them). */
export const adminTags = ['admin'];
