/**
 * The user service's internal API: the schemas its `/internal/*` routes validate with, and
 * `userInternalApi`, the spec other services build their typed client from. Public module:
 * `@b2b/user/internal-api` (package.json `exports`), so callers import the owner's own schemas
 * rather than a copy that could drift.
 */
import type { InternalApi } from '@b2b/shared/internal';
import { Type } from 'typebox';
import { Email, Id } from './common.ts';
import { CompanyRole } from './users.ts';

export const RevocationFeedQuery = Type.Object(
  { since: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}$' })) },
  { additionalProperties: false },
);

/**
 * `{ jti, exp }`: one access token is revoked (logout).
 * `{ sub, notBefore, exp }`: every token of user `sub` with `iat < notBefore` is revoked
 * (member removed, user disabled, company on hold, password reset, role change).
 * `exp` (epoch seconds): after it the entry can be forgotten.
 */
export const RevocationFeed = Type.Object(
  {
    items: Type.Array(
      Type.Union([
        Type.Object({ jti: Type.String(), exp: Type.Integer() }, { additionalProperties: false }),
        Type.Object(
          { sub: Type.String(), notBefore: Type.Integer(), exp: Type.Integer() },
          { additionalProperties: false },
        ),
      ]),
    ),
    /** Pass back as `since`; opaque to callers. */
    cursor: Type.String(),
  },
  { additionalProperties: false },
);

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
