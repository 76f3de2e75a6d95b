import { randomUUID } from 'node:crypto';
import { issueAccessToken } from '../tokens/access-tokens.ts';
import { generateOpaqueToken, hashOpaqueToken } from '../tokens/opaque-tokens.ts';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import type { UserDoc } from './model.ts';
import { revokeAccessToken, revokeUserSessions } from './session-revocation.ts';

export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
}

/** A new access token and a refresh token in `familyId` (a new family for a new login). */
export async function issueSession(
  ctx: IdentityContext,
  user: UserDoc,
  familyId: string = randomUUID(),
): Promise<TokenPair> {
  const now = ctx.now();
  const access = await issueAccessToken(
    ctx.keyRing(),
    { userId: user._id, companyId: user.companyId, companyRole: user.companyRole, roles: user.roles },
    now,
    user.tokensNotBefore,
  );
  const refreshToken = generateOpaqueToken();
  await ctx.repos.refreshTokens.insert({
    _id: hashOpaqueToken(refreshToken),
    familyId,
    userId: user._id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
    usedAt: null,
    revokedAt: null,
  });
  return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, tokenType: 'Bearer' };
}

/** Why a user with correct credentials may still not have a session; undefined when they may. */
export async function sessionRefusal(
  ctx: IdentityContext,
  user: UserDoc,
): Promise<'user_disabled' | 'user_invited' | 'company_on_hold' | undefined> {
  if (user.status === 'disabled') return 'user_disabled';
  if (user.status === 'invited') return 'user_invited';
  if (user.companyId) {
    const company = await ctx.repos.companies.findById(user.companyId);
    if (!company || company.status === 'on_hold') return 'company_on_hold';
  }
  return undefined;
}

/**
 * Exchanges a refresh token for a new pair. The old token is claimed atomically; presenting an
 * already-used token means it leaked (or a client replayed it): the whole family is revoked, and
 * the user's outstanding access tokens with it.
 */
export async function refreshSession(ctx: IdentityContext, refreshToken: string): Promise<TokenPair> {
  const now = ctx.now();
  const hash = hashOpaqueToken(refreshToken);
  const claimed = await ctx.repos.refreshTokens.claim(hash, now);
  if (!claimed) {
    const known = await ctx.repos.refreshTokens.findByHash(hash);
    if (known?.usedAt) {
      await ctx.repos.refreshTokens.revokeFamily(known.familyId, now);
      await revokeUserSessions(ctx, known.userId, 'refresh_token_reuse', { keepRefreshTokens: true });
      ctx.log.warn({ userId: known.userId, familyId: known.familyId }, 'refresh token reuse: family revoked');
    }
    throw identityErrors.invalidRefreshToken();
  }
  const user = await ctx.repos.users.findById(claimed.userId);
  if (!user || (await sessionRefusal(ctx, user))) {
    await ctx.repos.refreshTokens.revokeFamily(claimed.familyId, now);
    throw identityErrors.invalidRefreshToken();
  }
  const pair = await issueSession(ctx, user, claimed.familyId);
  // A concurrent reuse may have revoked the family between our claim and our insert: then the
  // token just issued must die with it.
  if (await ctx.repos.refreshTokens.isFamilyRevoked(claimed.familyId)) {
    await ctx.repos.refreshTokens.revokeFamily(claimed.familyId, now);
    throw identityErrors.invalidRefreshToken();
  }
  return pair;
}

/**
 * Ends the session: the refresh token's family (if it is the caller's) and the access token
 * presented with the request, denylisted until it would have expired anyway.
 */
export async function logout(
  ctx: IdentityContext,
  caller: { userId: string; jti: string; exp: number },
  refreshToken: string,
): Promise<void> {
  const now = ctx.now();
  const stored = await ctx.repos.refreshTokens.findByHash(hashOpaqueToken(refreshToken));
  if (stored && stored.userId === caller.userId)
    await ctx.repos.refreshTokens.revokeFamily(stored.familyId, now);
  await revokeAccessToken(ctx, caller);
  ctx.log.info({ userId: caller.userId }, 'logged out');
}

/**
 * Ends a browser session (the refresh token came in the cookie): its family, the access token if
 * one came with the request, and with `everywhere` every session of the user on every device.
 * The user is the access token's or, when the page lost it (a reload), the cookie's owner.
 */
export async function endBrowserSession(
  ctx: IdentityContext,
  input: {
    refreshToken: string | undefined;
    caller: { userId: string; jti: string; exp: number } | undefined;
    everywhere: boolean;
  },
): Promise<void> {
  const now = ctx.now();
  const stored = input.refreshToken
    ? await ctx.repos.refreshTokens.findByHash(hashOpaqueToken(input.refreshToken))
    : null;
  const ownedByCaller = stored && (!input.caller || stored.userId === input.caller.userId);
  if (ownedByCaller) await ctx.repos.refreshTokens.revokeFamily(stored.familyId, now);
  if (input.caller) await revokeAccessToken(ctx, input.caller);
  const userId = input.caller?.userId ?? (ownedByCaller ? stored.userId : undefined);
  if (input.everywhere && userId) await revokeUserSessions(ctx, userId, 'logout_everywhere');
  ctx.log.info({ userId: userId ?? 'unknown', everywhere: input.everywhere }, 'browser session ended');
}
