import { CompanyRole } from '@b2b/shared/auth';
import { Type } from 'typebox';
import { Email, Id, Money, PersonName } from './common.ts';

export const CompanyStatus = Type.Union([Type.Literal('active'), Type.Literal('on_hold')]);
export const PaymentTerms = Type.Union([
  Type.Literal('prepaid'),
  Type.Literal('net30'),
  Type.Literal('net60'),
]);

export const Member = Type.Object(
  {
    id: Id,
    email: Email,
    name: Type.String(),
    companyRole: CompanyRole,
    spendingLimit: Type.Union([Money, Type.Null()]),
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
    creditUsed: Money,
    priceListId: Type.Union([Type.String(), Type.Null()]),
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

/** Role and spending limit only: a company admin cannot move a member to another company. */
export const MemberPatch = Type.Object(
  {
    companyRole: Type.Optional(CompanyRole),
    spendingLimit: Type.Optional(Type.Union([Money, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MemberParams = Type.Object({ userId: Id }, { additionalProperties: false });
