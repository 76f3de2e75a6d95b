import { generateOpaqueToken, hashOpaqueToken } from '../tokens/opaque-tokens.ts';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import { normaliseEmail } from './model.ts';
import { assertStrongPassword } from './registration.ts';
import { rememberRevocation, revokeUserSessions } from './session-revocation.ts';
import { stageMemberUpdated } from './snapshot-events.ts';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
/** One reset email per account per minute, so the endpoint cannot be used to flood an inbox. */
export const RESET_REQUEST_INTERVAL_MS = 60 * 1000;

/**
 * Always "accepted" to the caller, whether or not the account exists. For an existing account a
 * single-use token (valid one hour) goes out in user.password_reset_requested; older links die.
 */
export async function requestPasswordReset(ctx: IdentityContext, rawEmail: string): Promise<void> {
  const user = await ctx.repos.users.findByEmail(normaliseEmail(rawEmail));
  if (!user || user.status === 'disabled') return;
  const now = ctx.now();
  const latest = await ctx.repos.oneTimeTokens.findLatestUnused(user._id, 'password_reset');
  if (latest && now.getTime() - latest.createdAt.getTime() < RESET_REQUEST_INTERVAL_MS) return;

  const token = generateOpaqueToken();
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
  await ctx.transaction(async (tx) => {
    await ctx.repos.oneTimeTokens.invalidateUnused(user._id, 'password_reset', now, tx.session);
    await ctx.repos.oneTimeTokens.insert(
      {
        _id: hashOpaqueToken(token),
        purpose: 'password_reset',
        userId: user._id,
        createdAt: now,
        expiresAt,
        usedAt: null,
      },
      tx.session,
    );
    tx.stage('user.password_reset_requested', {
      userId: user._id,
      email: user.email,
      name: user.name,
      resetToken: token,
      expiresAt: expiresAt.toISOString(),
    });
  });
  ctx.log.info({ userId: user._id }, 'password reset requested');
}

/**
 * Sets a new password with a reset token or an invitation's set-password token (both single use),
 * then ends every session of the user.
 */
export async function confirmPasswordReset(
  ctx: IdentityContext,
  input: { token: string; newPassword: string },
): Promise<void> {
  assertStrongPassword(input.newPassword, '/newPassword');
  // Hash first: the token is consumed only when everything else can succeed.
  const passwordHash = await ctx.hasher.hash(input.newPassword);
  const now = ctx.now();
  const { userId, revocation } = await ctx.transaction(async (tx) => {
    const consumed = await ctx.repos.oneTimeTokens.consume(hashOpaqueToken(input.token), now, tx.session);
    if (!consumed) throw identityErrors.invalidResetToken();
    const user = await ctx.repos.users.findById(consumed.userId, tx.session);
    if (!user || user.status === 'disabled') throw identityErrors.invalidResetToken();
    const updated = await ctx.repos.users.setPassword(user._id, passwordHash, now, tx.session);
    // An invited member becomes active: consumers see the new status.
    if (updated) stageMemberUpdated(tx, updated);
    // Any other link still out there (an older invitation, a reset asked for meanwhile) would set
    // the password again: once a password is set, they all stop working.
    await ctx.repos.oneTimeTokens.invalidateUnused(user._id, 'password_reset', now, tx.session);
    await ctx.repos.oneTimeTokens.invalidateUnused(user._id, 'set_password', now, tx.session);
    const revocation = await revokeUserSessions(ctx, user._id, consumed.purpose, { session: tx.session });
    return { userId: user._id, revocation };
  });
  // Committed: the old sessions' access tokens are refused on this task at once.
  rememberRevocation(ctx, revocation);
  ctx.log.info({ userId }, 'password set');
}
