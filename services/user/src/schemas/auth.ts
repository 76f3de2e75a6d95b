import { Type } from 'typebox';
import { Email, OpaqueToken, Password, PersonName, Phone, VisibleText } from './common.ts';
import { CompanySummary } from './companies.ts';
import { Profile } from './users.ts';

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Password,
    name: PersonName,
    companyName: VisibleText(200),
    phone: Type.Optional(Phone),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
export const RefreshBody = Type.Object({ refreshToken: OpaqueToken }, { additionalProperties: false });
export const LogoutBody = RefreshBody;
export const PasswordResetBody = Type.Object({ email: Email }, { additionalProperties: false });
export const PasswordResetConfirmBody = Type.Object(
  { token: OpaqueToken, newPassword: Password },
  { additionalProperties: false },
);

const tokenPairFields = {
  accessToken: Type.String(),
  refreshToken: Type.String(),
  /** Seconds until the access token expires. */
  expiresIn: Type.Integer(),
  tokenType: Type.Literal('Bearer'),
};

export const TokenPair = Type.Object(tokenPairFields, { additionalProperties: false });
export const LoginResponse = Type.Object(
  { ...tokenPairFields, user: Profile },
  { additionalProperties: false },
);
export const RegisterResponse = Type.Object(
  { ...tokenPairFields, user: Profile, company: CompanySummary },
  { additionalProperties: false },
);

export const Accepted = Type.Object({ status: Type.Literal('accepted') }, { additionalProperties: false });

export const Jwks = Type.Object(
  {
    keys: Type.Array(
      Type.Object(
        {
          kty: Type.Literal('OKP'),
          crv: Type.Literal('Ed25519'),
          x: Type.String(),
          kid: Type.String(),
          alg: Type.Literal('EdDSA'),
          use: Type.Literal('sig'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
