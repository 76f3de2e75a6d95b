import { Type } from 'typebox';
import { closed, Id, Money } from './common.ts';

export const CompanyCredit = Type.Object(
  {
    companyId: Id,
    status: Type.Union([Type.Literal('active'), Type.Literal('on_hold')]),
    paymentTerms: Type.Union([Type.Literal('prepaid'), Type.Literal('net30'), Type.Literal('net60')]),
    creditLimit: Money,
    creditUsed: Money,
    /** creditLimit − creditUsed, never below zero. */
    available: Money,
  },
  closed,
);
