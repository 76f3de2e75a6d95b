import { Type } from 'typebox';

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
