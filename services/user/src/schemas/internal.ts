/**
 * The user service's internal API: the schemas its `/internal/*` routes validate with, and
 * `userInternalApi`, the spec other services build their typed client from. Public module:
 * `@b2b/user/internal-api` (package.json `exports`), so callers import the owner's own schemas
 * rather than a copy that could drift.
 */

import { CompanyRole } from '@b2b/shared/auth';
import type { InternalApi } from '@b2b/shared/internal';
import { Type } from 'typebox';
import { Email, Id } from './common.ts';

export const InternalUserParams = Type.Object({ id: Id }, { additionalProperties: false });

/** What another service (notification) needs to address a user: contact details, locale, company. */
export const InternalUser = Type.Object(
  {
    id: Id,
    email: Email,
    name: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    /** From the user's preferences; `en` when they chose none. */
    locale: Type.String(),
    companyId: Type.Union([Id, Type.Null()]),
    companyRole: Type.Union([CompanyRole, Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
  },
  { additionalProperties: false },
);

export const userInternalApi = {
  getUser: { method: 'GET', path: '/internal/users/:id', params: InternalUserParams, response: InternalUser },
} as const satisfies InternalApi;
