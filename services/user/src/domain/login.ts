import { createHash } from 'node:crypto';
import { AppError } from '@b2b/shared/errors';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import { normaliseEmail, type UserDoc } from './model.ts';
import { issueSession, sessionRefusal, type TokenPair } from './sessions.ts';

export const LOCK_THRESHOLD = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

/** Throttle key: a hash of the normalised email, so unknown addresses lock the same way as real ones. */
function throttleKey(email: string): string {
  return createHash('sha256').update(email, 'utf8').digest('hex');
}

async function assertNotLocked(ctx: IdentityContext, key: string, now: Date): Promise<void> {
  const record = await ctx.repos.loginThrottle.find(key);
  if (!record?.lockedUntil) return;
  if (record.lockedUntil > now) {
    throw identityErrors.accountLocked((record.lockedUntil.getTime() - now.getTime()) / 1000);
  }
  if (await ctx.repos.loginThrottle.clearExpiredLock(key, now)) {
    ctx.log.info({ userId: record.userId ?? 'unknown-account' }, 'login lock ended');
  }
}

async function recordFailure(ctx: IdentityContext, key: string, user: UserDoc | null, now: Date) {
  const record = await ctx.repos.loginThrottle.recordFailure(key, user?._id ?? null, now, LOCK_THRESHOLD);
  const recent = (record?.failures ?? []).filter((at) => now.getTime() - at.getTime() < FAILURE_WINDOW_MS);
  if (recent.length >= LOCK_THRESHOLD) {
    const until = new Date(now.getTime() + LOCK_DURATION_MS);
    await ctx.repos.loginThrottle.lock(key, until);
    ctx.log.warn(
      { userId: user?._id ?? 'unknown-account', lockedUntil: until.toISOString() },
      'login locked after repeated failures',
    );
  }
}

/**
 * Email and password → session. Unknown email and wrong password give the same 401 after the same
 * argon2 work; five failures in 15 minutes lock the address for 15 minutes (429 + retry-after).
 */
export async function login(
  ctx: IdentityContext,
  input: { email: string; password: string },
): Promise<{ session: TokenPair; user: UserDoc }> {
  const now = ctx.now();
  const email = normaliseEmail(input.email);
  const key = throttleKey(email);
  await assertNotLocked(ctx, key, now);

  const user = await ctx.repos.users.findByEmail(email);
  const valid = user?.passwordHash
    ? await ctx.hasher.verify(user.passwordHash, input.password)
    : await ctx.hasher.verifyAgainstDummy(input.password);
  if (!user || !valid) {
    await recordFailure(ctx, key, user, now);
    throw identityErrors.invalidCredentials();
  }

  // Guesses sent in parallel all pass the first check before any failure is recorded; checking
  // again after the (slow) verification means a burst cannot find the password once the failures
  // that completed meanwhile have locked the account.
  await assertNotLocked(ctx, key, ctx.now());
  await ctx.repos.loginThrottle.reset(key);
  const refusal = await sessionRefusal(ctx, user);
  if (refusal) {
    // The password was right, so saying why is no leak; it spares a support call.
    throw new AppError({
      status: 403,
      code: refusal === 'company_on_hold' ? 'COMPANY_ON_HOLD' : 'ACCOUNT_DISABLED',
      detail:
        refusal === 'company_on_hold'
          ? 'Your company account is on hold; contact the supplier'
          : 'This account is disabled',
    });
  }
  ctx.log.info({ userId: user._id }, 'login succeeded');
  return { session: await issueSession(ctx, user), user };
}

/** Logs the end of locks nobody tried again after (the sweeper runs every minute). */
export async function sweepExpiredLocks(ctx: IdentityContext): Promise<number> {
  const now = ctx.now();
  let ended = 0;
  for (const record of await ctx.repos.loginThrottle.findExpiredLocks(now)) {
    if (await ctx.repos.loginThrottle.clearExpiredLock(record._id, now)) {
      ended++;
      ctx.log.info({ userId: record.userId ?? 'unknown-account' }, 'login lock ended');
    }
  }
  return ended;
}
