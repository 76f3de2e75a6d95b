import { CompanyRole } from '@b2b/shared/auth';
import { Type } from 'typebox';
import { Email, Id, Money, PersonName } from './common.ts';

export const CompanyStatus = Type.Union([Type.Literal('active'), Type.Literal('on_hold')]);
export const PaymentTerms = Type.Union([
  Type.Literal('prepaid'),
  Type.Literal('net30'),
  Type.Literal('net60'),
]);

/** ISO 3166-1 alpha-2, upper case (DE, FR, ...). */
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$' });
/** An EU VAT id: the country prefix, then 2-13 letters or digits (DE123456789), no spaces. */
export const VatId = Type.String({ pattern: '^[A-Z]{2}[A-Z0-9]{2,13}$', maxLength: 15 });

export const Member = Type.Object(
  {
    id: Id,
    email: Email,
    name: Type.String(),
    companyRole: CompanyRole,
    spendingLimit: Type.Union([Money, Type.Null()]),
    monthlyBudget: Type.Union([Money, Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
  },
  { additionalProperties: false },
);

export const CompanySummary = Type.Object(
  {
    id: Id,
    name: Type.String(),
    status: CompanyStatus,
    paymentTerms: PaymentTerms,
    creditLimit: Money,
    /**
     * From the payment service's credit ledger (what authorized invoice orders hold); null when
     * the ledger could not be asked just now.
     */
    creditUsed: Type.Union([Money, Type.Null()]),
    priceListId: Type.Union([Type.String(), Type.Null()]),
    country: Type.Union([CountryCode, Type.Null()]),
    vatId: Type.Union([VatId, Type.Null()]),
  },
  { additionalProperties: false },
);

export const CompanyWithMembers = Type.Object(
  { ...CompanySummary.properties, members: Type.Array(Member) },
  { additionalProperties: false },
);

export const MemberInvite = Type.Object(
  {
    email: Email,
    name: PersonName,
    companyRole: CompanyRole,
    spendingLimit: Type.Optional(Type.Union([Money, Type.Null()])),
  },
  { additionalProperties: false },
);

/** Role, spending limit and monthly budget only: a company admin cannot move a member to another company. */
export const MemberPatch = Type.Object(
  {
    companyRole: Type.Optional(CompanyRole),
    spendingLimit: Type.Optional(Type.Union([Money, Type.Null()])),
    monthlyBudget: Type.Optional(Type.Union([Money, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MemberParams = Type.Object({ userId: Id }, { additionalProperties: false });
