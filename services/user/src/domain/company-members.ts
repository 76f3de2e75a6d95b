import { randomUUID } from 'node:crypto';
import { isDuplicateKey, type StoredMoney, storedMoneyFromJson } from '@b2b/shared/db';
import type { MoneyJson } from '@b2b/shared/money';
import { generateOpaqueToken, hashOpaqueToken } from '../tokens/opaque-tokens.ts';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import { type CompanyDoc, type CompanyRole, companyCurrency, normaliseEmail, type UserDoc } from './model.ts';
import { revokeUserSessions } from './session-revocation.ts';
import { stageMemberRemoved, stageMemberUpdated } from './snapshot-events.ts';

/**
 * Members per company: bounds what a company admin can create and what GET /companies/me returns
 * in one response (unrestricted resource consumption).
 */
export const MAX_MEMBERS_PER_COMPANY = 1000;

/** Invitations (emails to addresses the inviter chose) a company may send per hour. */
export const MAX_INVITATIONS_PER_HOUR = 100;
const HOUR_MS = 60 * 60 * 1000;

/** How long an invitation's set-password link works. */
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

/** The caller as a company member: every operation below is scoped to `companyId`. */
export interface CompanyCaller {
  userId: string;
  companyId: string;
}

export async function getCompanyWithMembers(
  ctx: IdentityContext,
  companyId: string,
): Promise<{ company: CompanyDoc; members: UserDoc[] }> {
  const company = await ctx.repos.companies.findById(companyId);
  if (!company) throw identityErrors.companyNotFound();
  return { company, members: await ctx.repos.users.listMembers(companyId, MAX_MEMBERS_PER_COMPANY) };
}

/**
 * A spending limit or monthly budget is compared with order totals in the company's currency: no
 * other currency.
 */
function assertCompanyCurrency(
  company: CompanyDoc,
  limit: MoneyJson | null | undefined,
  field: 'spendingLimit' | 'monthlyBudget' = 'spendingLimit',
): void {
  if (limit && limit.currency !== companyCurrency(company)) {
    throw identityErrors.currencyMismatch(`/${field}/currency`, companyCurrency(company));
  }
}

/** `undefined` leaves the stored value alone, `null` clears it. */
function moneyChange<K extends string>(key: K, value: MoneyJson | null | undefined) {
  if (value === undefined) return {};
  return { [key]: value ? storedMoneyFromJson(value) : null } as Record<K, StoredMoney | null>;
}

/**
 * Creates the member (status `invited`, no password) and a single-use set-password token that
 * goes out in user.invited, in one transaction.
 */
export async function inviteMember(
  ctx: IdentityContext,
  caller: CompanyCaller,
  input: { email: string; name: string; companyRole: CompanyRole; spendingLimit?: MoneyJson | null },
): Promise<UserDoc> {
  const company = await ctx.repos.companies.findById(caller.companyId);
  if (!company) throw identityErrors.companyNotFound();
  assertCompanyCurrency(company, input.spendingLimit);
  if ((await ctx.repos.users.countMembers(company._id)) >= MAX_MEMBERS_PER_COMPANY) {
    throw identityErrors.tooManyMembers(MAX_MEMBERS_PER_COMPANY);
  }
  const now = ctx.now();
  // Removing members frees seats but not quota: invite-remove-invite cannot mail without end.
  const recent = await ctx.repos.invitationQuota.sentSince(company._id, new Date(now.getTime() - HOUR_MS));
  if (recent.count >= MAX_INVITATIONS_PER_HOUR && recent.oldest) {
    const retryAfterMs = recent.oldest.getTime() + HOUR_MS - now.getTime();
    throw identityErrors.invitationQuota(MAX_INVITATIONS_PER_HOUR, retryAfterMs / 1000);
  }
  const member: UserDoc = {
    _id: randomUUID(),
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    phone: null,
    passwordHash: null,
    status: 'invited',
    roles: [],
    companyId: caller.companyId,
    companyRole: input.companyRole,
    spendingLimit: input.spendingLimit ? storedMoneyFromJson(input.spendingLimit) : null,
    preferences: {},
    tokensNotBefore: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const token = generateOpaqueToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  try {
    await ctx.transaction(async (tx) => {
      await ctx.repos.users.insert(member, tx.session);
      await ctx.repos.oneTimeTokens.insert(
        {
          _id: hashOpaqueToken(token),
          purpose: 'set_password',
          userId: member._id,
          createdAt: now,
          expiresAt,
          usedAt: null,
        },
        tx.session,
      );
      tx.stage('user.invited', {
        userId: member._id,
        email: member.email,
        name: member.name,
        companyId: company._id,
        companyName: company.name,
        invitedBy: caller.userId,
        setPasswordToken: token,
        expiresAt: expiresAt.toISOString(),
      });
      stageMemberUpdated(tx, member);
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw identityErrors.emailTaken();
    throw err;
  }
  await ctx.repos.invitationQuota.record(company._id, now, MAX_INVITATIONS_PER_HOUR);
  ctx.log.info({ userId: member._id, companyId: company._id, invitedBy: caller.userId }, 'member invited');
  return member;
}

/**
 * Role, spending limit and monthly budget. A role change takes effect at once: outstanding access
 * tokens die. The budget reaches the order service in the member.updated snapshot.
 */
export async function updateMember(
  ctx: IdentityContext,
  caller: CompanyCaller,
  memberId: string,
  changes: { companyRole?: CompanyRole; spendingLimit?: MoneyJson | null; monthlyBudget?: MoneyJson | null },
): Promise<UserDoc> {
  // The caller knows their own id, so refusing it by name leaks nothing.
  if (memberId === caller.userId) throw identityErrors.cannotChangeOwnMembership();
  const before = await ctx.repos.users.findMember(caller.companyId, memberId);
  if (!before) throw identityErrors.memberNotFound();
  if (changes.spendingLimit || changes.monthlyBudget) {
    const company = await ctx.repos.companies.findById(caller.companyId);
    if (!company) throw identityErrors.companyNotFound();
    assertCompanyCurrency(company, changes.spendingLimit);
    assertCompanyCurrency(company, changes.monthlyBudget, 'monthlyBudget');
  }
  const updated = await ctx.transaction(async (tx) => {
    const after = await ctx.repos.users.updateMembership(
      caller.companyId,
      memberId,
      {
        ...(changes.companyRole === undefined ? {} : { companyRole: changes.companyRole }),
        ...moneyChange('spendingLimit', changes.spendingLimit),
        ...moneyChange('monthlyBudget', changes.monthlyBudget),
      },
      ctx.now(),
      tx.session,
    );
    if (!after) throw identityErrors.memberNotFound();
    stageMemberUpdated(tx, after);
    return after;
  });
  if (changes.companyRole !== undefined && changes.companyRole !== before.companyRole) {
    await revokeUserSessions(ctx, memberId, 'company_role_changed', { keepRefreshTokens: true });
  }
  return updated;
}

/** Removes the member's account; their sessions and tokens stop working at once. */
export async function removeMember(
  ctx: IdentityContext,
  caller: CompanyCaller,
  memberId: string,
): Promise<void> {
  if (memberId === caller.userId) throw identityErrors.cannotChangeOwnMembership();
  if (!(await ctx.repos.users.findMember(caller.companyId, memberId))) throw identityErrors.memberNotFound();
  await revokeUserSessions(ctx, memberId, 'member_removed');
  await ctx.transaction(async (tx) => {
    const removed = await ctx.repos.users.deleteMember(caller.companyId, memberId, tx.session);
    if (removed) stageMemberRemoved(tx, removed, ctx.now());
  });
  await ctx.repos.addresses.deleteAllOf(memberId);
  await ctx.repos.oneTimeTokens.deleteAllOf(memberId);
  ctx.log.info({ userId: memberId, companyId: caller.companyId, removedBy: caller.userId }, 'member removed');
}
