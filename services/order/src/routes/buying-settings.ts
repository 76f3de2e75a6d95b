import { requireCompanyRole } from '@b2b/shared/auth';
import { toJson } from '@b2b/shared/money';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApprovalRule } from '../domain/approval.ts';
import { myBudget } from '../domain/budget.ts';
import {
  approvalRulesOf,
  costCentersOf,
  putApprovalRules,
  putCostCenters,
} from '../domain/company-settings.ts';
import type { OrderContext } from '../domain/context.ts';
import { ApprovalRules, Budget, CostCenters } from '../schemas/buying-settings.ts';
import { problemResponses } from '../schemas/common.ts';
import { callerOf } from './caller.ts';

function rulesView(rules: ApprovalRule[]) {
  return { rules: rules.map((r) => ({ minTotal: toJson(r.minTotal), approverRole: r.approverRole })) };
}

/**
 * /approval-rules, /cost-centers, /budgets/me: a company's buying settings. Every member reads
 * them (a buyer sees why an order waits and which cost centers exist); only the company admin
 * changes them.
 */
export const buyingSettingsRoutes: FastifyPluginAsyncTypebox<{ ctx: OrderContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireCompanyRole('company_admin', 'approver', 'buyer'));
  const security = [{ bearerAuth: [] }];
  const admins = requireCompanyRole('company_admin');

  app.get(
    '/approval-rules',
    {
      schema: {
        tags: ['approval rules'],
        summary: "The company's multi-level approval rules, lowest minTotal first",
        security,
        response: { 200: ApprovalRules, ...problemResponses },
      },
    },
    async (request) => rulesView(await approvalRulesOf(ctx, callerOf(request).companyId)),
  );

  app.put(
    '/approval-rules',
    {
      onRequest: admins,
      schema: {
        tags: ['approval rules'],
        summary: 'Replace the approval rules (orders already waiting keep the levels they were given)',
        security,
        body: ApprovalRules,
        response: { 200: ApprovalRules, ...problemResponses },
      },
    },
    async (request) => rulesView(await putApprovalRules(ctx, callerOf(request), request.body.rules)),
  );

  app.get(
    '/cost-centers',
    {
      schema: {
        tags: ['cost centers'],
        summary: "The company's cost centers (checkout's costCenter must be one when the list is not empty)",
        security,
        response: { 200: CostCenters, ...problemResponses },
      },
    },
    async (request) => ({ costCenters: await costCentersOf(ctx, callerOf(request).companyId) }),
  );

  app.put(
    '/cost-centers',
    {
      onRequest: admins,
      schema: {
        tags: ['cost centers'],
        summary: 'Replace the cost center list',
        security,
        body: CostCenters,
        response: { 200: CostCenters, ...problemResponses },
      },
    },
    async (request) => ({
      costCenters: await putCostCenters(ctx, callerOf(request), request.body.costCenters),
    }),
  );

  app.get(
    '/budgets/me',
    {
      schema: {
        tags: ['budgets'],
        summary: 'My monthly budget: what this calendar month (UTC) has spent and what is left',
        security,
        response: { 200: Budget, ...problemResponses },
      },
    },
    async (request) => {
      const budget = await myBudget(ctx, callerOf(request));
      return {
        month: budget.month,
        monthlyBudget: budget.monthlyBudget ? toJson(budget.monthlyBudget) : null,
        spent: toJson(budget.spent),
        remaining: budget.remaining ? toJson(budget.remaining) : null,
      };
    },
  );
};
