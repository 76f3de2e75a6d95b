import { Type } from 'typebox';
import { MAX_APPROVAL_RULES, MAX_COST_CENTERS } from '../domain/company-settings.ts';
import { approverRoles } from '../domain/model.ts';
import { closed, Money, VisibleText } from './common.ts';

export const ApprovalRule = Type.Object({ minTotal: Money, approverRole: Type.Enum(approverRoles) }, closed);

export const ApprovalRules = Type.Object(
  {
    rules: Type.Array(ApprovalRule, {
      maxItems: MAX_APPROVAL_RULES,
      description:
        'an order at or above a rule’s minTotal needs one approval from each matching level, lowest first',
    }),
  },
  closed,
);

export const CostCenter = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$' }),
    name: VisibleText(120),
  },
  closed,
);

export const CostCenters = Type.Object(
  { costCenters: Type.Array(CostCenter, { maxItems: MAX_COST_CENTERS }) },
  closed,
);

export const Budget = Type.Object(
  {
    /** The calendar month (UTC) counted, `YYYY-MM`. */
    month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    monthlyBudget: Type.Union([Money, Type.Null()]),
    spent: Money,
    remaining: Type.Union([Money, Type.Null()]),
  },
  closed,
);
