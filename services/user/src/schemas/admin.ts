import { Type } from 'typebox';
import { Id, Money, paginationProperties, Timestamp } from './common.ts';
import { CompanyStatus, CompanySummary, CountryCode, PaymentTerms, VatId } from './companies.ts';
import { PlatformRole, Profile } from './users.ts';

export const AdminUser = Type.Object(
  { ...Profile.properties, createdAt: Timestamp },
  { additionalProperties: false },
);

export const AdminUserQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    companyId: Type.Optional(Id),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
    ),
    ...paginationProperties,
  },
  { additionalProperties: false },
);

export const AdminUserPatch = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
    roles: Type.Optional(Type.Array(PlatformRole, { maxItems: 5 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AdminCompany = Type.Object(
  { ...CompanySummary.properties, createdAt: Timestamp },
  { additionalProperties: false },
);

export const AdminCompanyQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    status: Type.Optional(CompanyStatus),
    ...paginationProperties,
  },
  { additionalProperties: false },
);

export const AdminCompanyPatch = Type.Object(
  {
    status: Type.Optional(CompanyStatus),
    paymentTerms: Type.Optional(PaymentTerms),
    creditLimit: Type.Optional(Money),
    priceListId: Type.Optional(Type.Union([Id, Type.Null()])),
    country: Type.Optional(Type.Union([CountryCode, Type.Null()])),
    vatId: Type.Optional(Type.Union([VatId, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
