import { Type } from 'typebox';
import { Profile } from './users.ts';

/** What a browser session answers: the access token only; the refresh token is in the cookie. */
const accessTokenFields = {
  accessToken: Type.String(),
  /** Seconds until the access token expires: the page refreshes silently shortly before. */
  expiresIn: Type.Integer(),
  tokenType: Type.Literal('Bearer'),
};

export const SessionAccess = Type.Object(accessTokenFields, { additionalProperties: false });
export const SessionStarted = Type.Object(
  { ...accessTokenFields, user: Profile },
  { additionalProperties: false },
);

/** The CSRF proof, documented in the OpenAPI document; the folder's hook enforces it (403). */
export const BrowserProofHeaders = Type.Object({
  'x-csrf': Type.Literal('1', { description: 'Proof the request comes from the app, not a cross-site form' }),
  origin: Type.String({ description: 'Must be one of the allowed origins (CORS_ORIGINS)' }),
});

export const EndSessionQuery = Type.Object(
  {
    /** Also end every other session of the user (all devices). */
    everywhere: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
