import { randomUUID } from 'node:crypto';
import { isDuplicateKey, toStoredMoney } from '@b2b/shared/db';
import { zero } from '@b2b/shared/money';
import { passwordWeakness } from '../passwords/policy.ts';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import { type CompanyDoc, normaliseEmail, type UserDoc } from './model.ts';
import { issueSession, type TokenPair } from './sessions.ts';
import { stageCompanyUpdated, stageMemberUpdated } from './snapshot-events.ts';

/** New companies start prepaid with no credit, in the platform currency, until an admin sets terms. */
export const DEFAULT_CURRENCY = 'EUR';

export function assertStrongPassword(password: string, path: string): void {
  const weakness = passwordWeakness(password);
  if (weakness) throw identityErrors.weakPassword(weakness, path);
}

/**
 * Self-service sign-up: the company and its first member (company_admin) are created together,
 * with the user.registered event in the same transaction.
 */
export async function register(
  ctx: IdentityContext,
  input: { email: string; password: string; name: string; companyName: string; phone?: string },
): Promise<{ user: UserDoc; company: CompanyDoc; session: TokenPair }> {
  assertStrongPassword(input.password, '/password');
  const email = normaliseEmail(input.email);
  // Cheap pre-check so a taken email does not cost an argon2 hash; the unique index decides races.
  if (await ctx.repos.users.findByEmail(email)) throw identityErrors.emailTaken();
  const passwordHash = await ctx.hasher.hash(input.password);
  const now = ctx.now();
  const company: CompanyDoc = {
    _id: randomUUID(),
    name: input.companyName.trim(),
    status: 'active',
    paymentTerms: 'prepaid',
    creditLimit: toStoredMoney(zero(DEFAULT_CURRENCY)),
    creditUsed: toStoredMoney(zero(DEFAULT_CURRENCY)),
    priceListId: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const user: UserDoc = {
    _id: randomUUID(),
    email,
    name: input.name.trim(),
    phone: input.phone ?? null,
    passwordHash,
    status: 'active',
    roles: [],
    companyId: company._id,
    companyRole: 'company_admin',
    spendingLimit: null,
    preferences: {},
    tokensNotBefore: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.transaction(async (tx) => {
      await ctx.repos.companies.insert(company, tx.session);
      await ctx.repos.users.insert(user, tx.session);
      tx.stage('user.registered', {
        userId: user._id,
        email: user.email,
        name: user.name,
        companyId: company._id,
        companyName: company.name,
      });
      stageCompanyUpdated(tx, company);
      stageMemberUpdated(tx, user);
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw identityErrors.emailTaken();
    throw err;
  }
  ctx.log.info({ userId: user._id, companyId: company._id }, 'user registered');
  return { user, company, session: await issueSession(ctx, user) };
}
