import { storedMoneyFromJson } from '@b2b/shared/db';
import type { MoneyJson } from '@b2b/shared/money';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import {
  type CompanyDoc,
  type CompanyStatus,
  companyCurrency,
  type PaymentTerms,
  type PlatformRole,
  type UserDoc,
  type UserStatus,
} from './model.ts';
import { revokeUserSessions } from './session-revocation.ts';
import { stageCompanyUpdated, stageMemberUpdated } from './snapshot-events.ts';

export async function getUser(ctx: IdentityContext, id: string): Promise<UserDoc> {
  const user = await ctx.repos.users.findById(id);
  if (!user) throw identityErrors.userNotFound();
  return user;
}

/**
 * Status and platform roles. Disabling ends every session; a role change ends access tokens so
 * the next refresh carries the new roles. The last active admin cannot lock everyone out.
 */
export async function administerUser(
  ctx: IdentityContext,
  adminId: string,
  userId: string,
  changes: { status?: Exclude<UserStatus, 'invited'>; roles?: PlatformRole[] },
): Promise<UserDoc> {
  const before = await getUser(ctx, userId);
  const losesAdmin =
    before.roles.includes('admin') &&
    before.status === 'active' &&
    (changes.status === 'disabled' || (changes.roles !== undefined && !changes.roles.includes('admin')));
  if (losesAdmin && (await ctx.repos.users.countAdmins()) <= 1) throw identityErrors.lastAdmin();
  // An invited member has no password yet; "activating" them would not let them in anyway.
  const status = changes.status === 'active' && before.status === 'invited' ? undefined : changes.status;
  const roles = changes.roles ? [...new Set(changes.roles)] : undefined;
  const updated = await ctx.transaction(async (tx) => {
    const after = await ctx.repos.users.updateAdministration(
      userId,
      { ...(status === undefined ? {} : { status }), ...(roles === undefined ? {} : { roles }) },
      ctx.now(),
      tx.session,
    );
    if (!after) throw identityErrors.userNotFound();
    stageMemberUpdated(tx, after);
    return after;
  });
  if (status === 'disabled' && before.status !== 'disabled') {
    await revokeUserSessions(ctx, userId, 'user_disabled');
  } else if (roles && [...roles].sort().join() !== [...before.roles].sort().join()) {
    await revokeUserSessions(ctx, userId, 'platform_roles_changed', { keepRefreshTokens: true });
  }
  ctx.log.info({ userId, adminId, status: updated.status, roles: updated.roles }, 'user administered');
  return updated;
}

export async function getCompany(ctx: IdentityContext, id: string): Promise<CompanyDoc> {
  const company = await ctx.repos.companies.findById(id);
  if (!company) throw identityErrors.companyNotFound();
  return company;
}

/** Terms and status. Putting a company on hold ends every session of its members. */
export async function administerCompany(
  ctx: IdentityContext,
  adminId: string,
  companyId: string,
  changes: {
    status?: CompanyStatus;
    paymentTerms?: PaymentTerms;
    creditLimit?: MoneyJson;
    priceListId?: string | null;
    country?: string | null;
    vatId?: string | null;
  },
): Promise<CompanyDoc> {
  const before = await getCompany(ctx, companyId);
  if (changes.creditLimit && changes.creditLimit.currency !== companyCurrency(before)) {
    throw identityErrors.currencyMismatch('/creditLimit/currency', companyCurrency(before));
  }
  const updated = await ctx.transaction(async (tx) => {
    const after = await ctx.repos.companies.updateTerms(
      companyId,
      {
        ...(changes.status === undefined ? {} : { status: changes.status }),
        ...(changes.paymentTerms === undefined ? {} : { paymentTerms: changes.paymentTerms }),
        ...(changes.creditLimit === undefined
          ? {}
          : { creditLimit: storedMoneyFromJson(changes.creditLimit) }),
        ...(changes.priceListId === undefined ? {} : { priceListId: changes.priceListId }),
        ...(changes.country === undefined ? {} : { country: changes.country }),
        ...(changes.vatId === undefined ? {} : { vatId: changes.vatId }),
      },
      ctx.now(),
      tx.session,
    );
    if (!after) throw identityErrors.companyNotFound();
    stageCompanyUpdated(tx, after);
    return after;
  });
  if (changes.status === 'on_hold' && before.status !== 'on_hold') {
    for (const memberId of await ctx.repos.users.memberIds(companyId)) {
      await revokeUserSessions(ctx, memberId, 'company_on_hold');
    }
  }
  ctx.log.info({ companyId, adminId, status: updated.status }, 'company administered');
  return updated;
}
