/**
 * The payment service's internal API: the schemas its `/internal/*` routes validate with, and
 * `paymentInternalApi`, the spec other services build their typed client from. Public module:
 * `@b2b/payment/internal-api`, so callers import the owner's schemas rather than a copy.
 */
import type { InternalApi } from '@b2b/shared/internal';
import { Type } from 'typebox';
import { closed } from './common.ts';
import { CompanyCredit } from './credit.ts';

/** At most this many companies per lookup (an admin's page of companies). */
export const MAX_CREDIT_LOOKUP = 100;

export const CreditLookupQuery = Type.Object(
  {
    /** Comma-separated company ids. */
    companyIds: Type.String({
      minLength: 1,
      maxLength: MAX_CREDIT_LOOKUP * 65,
      pattern: '^[A-Za-z0-9_,-]+$',
    }),
  },
  closed,
);

/** The ledger of each company asked for that has one (a company never sent here has used nothing). */
export const CreditLookup = Type.Object({ items: Type.Array(CompanyCredit) }, closed);

export const paymentInternalApi = {
  lookupCredit: {
    method: 'GET',
    path: '/internal/credit',
    querystring: CreditLookupQuery,
    response: CreditLookup,
  },
} as const satisfies InternalApi;
