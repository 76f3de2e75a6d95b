/**
 * Who should hear about something, for the notification service: a company's approvers or admins,
 * the platform's admins. Only active accounts (an invited member cannot approve yet, a disabled
 * one must not be mailed), and always bounded.
 */
import type { CompanyRole } from '@b2b/shared/auth';
import { MAX_MEMBERS_PER_COMPANY } from './company-members.ts';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import type { PlatformRole, UserDoc } from './model.ts';

/** Platform staff are a handful of people; the bound only keeps a runaway query small. */
export const MAX_PLATFORM_RECIPIENTS = 100;

export async function activeCompanyMembersInRole(
  ctx: IdentityContext,
  companyId: string,
  role: CompanyRole,
): Promise<UserDoc[]> {
  if (!(await ctx.repos.companies.findById(companyId))) throw identityErrors.companyNotFound();
  return ctx.repos.users.activeMembersInRole(companyId, role, MAX_MEMBERS_PER_COMPANY);
}

export function activePlatformUsersInRole(ctx: IdentityContext, role: PlatformRole): Promise<UserDoc[]> {
  return ctx.repos.users.activeWithPlatformRole(role, MAX_PLATFORM_RECIPIENTS);
}
