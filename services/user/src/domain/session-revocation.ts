import type { ClientSession } from 'mongodb';
import { ACCESS_TOKEN_TTL_SECONDS } from '../tokens/signing-keys.ts';
import type { IdentityContext } from './context.ts';

/**
 * Ends every session of a user: refresh tokens stop working and every access token issued so far
 * is refused here at once and, through the revocation feed, by the gateway and other services.
 * `keepRefreshTokens` only invalidates access tokens, so the next refresh carries new claims
 * (used after a role change).
 */
export async function revokeUserSessions(
  ctx: IdentityContext,
  userId: string,
  reason: string,
  options: { keepRefreshTokens?: boolean; session?: ClientSession } = {},
): Promise<void> {
  const now = ctx.now();
  // Tokens carry whole seconds. Every token issued so far has iat < notBefore: rounded up from
  // now, and past the previous marker (tokens issued right after it carry iat = that marker, see
  // issueAccessToken). New tokens are issued with iat >= notBefore.
  const user = await ctx.repos.users.findById(userId, options.session);
  const notBefore = Math.max(Math.ceil(now.getTime() / 1000), (user?.tokensNotBefore ?? 0) + 1);
  if (!options.keepRefreshTokens) await ctx.repos.refreshTokens.revokeAllOfUser(userId, now, options.session);
  await ctx.repos.users.revokeTokensBefore(userId, notBefore, options.session);
  await ctx.repos.revocations.revokeSubject(
    userId,
    notBefore,
    ACCESS_TOKEN_TTL_SECONDS,
    now,
    options.session,
  );
  ctx.log.info({ userId, reason, refreshTokensRevoked: !options.keepRefreshTokens }, 'user sessions revoked');
}

/** Whether an access token (already signature-checked) has been revoked since it was issued. */
export function isAccessTokenRevoked(
  ctx: IdentityContext,
  token: { jti: string; sub: string; iat: number },
): Promise<boolean> {
  return ctx.repos.revocations.isRevoked(token);
}
