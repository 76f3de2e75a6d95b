import { putRevocation, type SubjectRevocation } from '@b2b/shared/auth';
import type { ClientSession } from 'mongodb';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/signing-keys.ts';
import type { IdentityContext } from './context.ts';

/**
 * Revocations are written to the database (the `revocations` feed every task polls) and, on the
 * task that made them, straight into its local copy too: the caller's token is refused here at
 * once, and on every other task within one poll.
 */

/** Logout: this one access token is refused from now on. */
export async function revokeAccessToken(
  ctx: IdentityContext,
  token: { jti: string; exp: number },
): Promise<void> {
  await ctx.repos.revocations.revokeToken(token.jti, token.exp, ctx.now());
  putRevocation(ctx.revocationCache, { jti: token.jti, exp: token.exp });
}

/**
 * Ends every session of a user: refresh tokens stop working and every access token issued so far
 * is refused here at once and, through the revocation feed, by the gateway and other services.
 * `keepRefreshTokens` only invalidates access tokens, so the next refresh carries new claims
 * (used after a role change). Inside a transaction (`session`) the local copy is not written yet
 * (the transaction may still abort): the caller passes the returned marker to
 * `rememberRevocation` once it has committed.
 */
export async function revokeUserSessions(
  ctx: IdentityContext,
  userId: string,
  reason: string,
  options: { keepRefreshTokens?: boolean; session?: ClientSession } = {},
): Promise<SubjectRevocation> {
  const now = ctx.now();
  // Tokens carry whole seconds. Every token issued so far has iat < notBefore: rounded up from
  // now, and past the previous marker (tokens issued right after it carry iat = that marker, see
  // issueAccessToken). New tokens are issued with iat >= notBefore.
  const user = await ctx.repos.users.findById(userId, options.session);
  const notBefore = Math.max(Math.ceil(now.getTime() / 1000), (user?.tokensNotBefore ?? 0) + 1);
  if (!options.keepRefreshTokens) await ctx.repos.refreshTokens.revokeAllOfUser(userId, now, options.session);
  await ctx.repos.users.revokeTokensBefore(userId, notBefore, options.session);
  const marker = await ctx.repos.revocations.revokeSubject(
    userId,
    notBefore,
    ACCESS_TOKEN_TTL_SECONDS,
    now,
    options.session,
  );
  if (!options.session) rememberRevocation(ctx, marker);
  ctx.log.info({ userId, reason, refreshTokensRevoked: !options.keepRefreshTokens }, 'user sessions revoked');
  return marker;
}

/** A committed revocation, into this task's copy at once (other tasks get it with their next poll). */
export function rememberRevocation(ctx: IdentityContext, marker: SubjectRevocation): void {
  putRevocation(ctx.revocationCache, marker);
}
