import { CompanyRole } from '@b2b/shared/auth';
import { Type } from 'typebox';
import { CurrencyCode, Email, Id, Money, PersonName, Phone, VisibleText } from './common.ts';

export const PlatformRole = Type.Literal('admin');

export const Preferences = Type.Object(
  {
    locale: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' })),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+/-]+$' })),
    currency: Type.Optional(CurrencyCode),
  },
  { additionalProperties: false },
);

/** The caller's profile: what GET /users/me shows. No hash, no token, ever: the schema decides. */
export const Profile = Type.Object(
  {
    id: Id,
    email: Email,
    name: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
    roles: Type.Array(PlatformRole),
    companyId: Type.Union([Id, Type.Null()]),
    companyRole: Type.Union([CompanyRole, Type.Null()]),
    spendingLimit: Type.Union([Money, Type.Null()]),
    preferences: Preferences,
  },
  { additionalProperties: false },
);

/** PATCH /users/me: name, phone and preferences only; anything else is a 400 (mass assignment). */
export const ProfilePatch = Type.Object(
  {
    name: Type.Optional(PersonName),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    preferences: Type.Optional(Preferences),
  },
  { additionalProperties: false, minProperties: 1 },
);

const AddressFields = {
  label: VisibleText(60),
  line1: VisibleText(200),
  line2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  city: VisibleText(100),
  postalCode: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
  /** ISO 3166-1 alpha-2 */
  country: Type.String({ pattern: '^[A-Za-z]{2}$' }),
  isDefault: Type.Optional(Type.Boolean()),
};

export const AddressCreate = Type.Object(AddressFields, { additionalProperties: false });
export const AddressPatch = Type.Partial(Type.Object(AddressFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const Address = Type.Object(
  {
    id: Id,
    label: Type.String(),
    line1: Type.String(),
    line2: Type.Union([Type.String(), Type.Null()]),
    city: Type.String(),
    postalCode: Type.String(),
    country: Type.String(),
    isDefault: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const AddressParams = Type.Object({ id: Id }, { additionalProperties: false });
