import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '@b2b/shared/db';
import type { PasswordHasher } from '../passwords/hasher.ts';
import type { OneTimeTokenRepository } from '../repositories/one-time-tokens.ts';
import type { UserRepository } from '../repositories/users.ts';
import { generateOpaqueToken, hashOpaqueToken } from '../tokens/opaque-tokens.ts';
import { identityErrors } from './errors.ts';
import { normaliseEmail, type UserDoc } from './model.ts';
import { assertStrongPassword } from './registration.ts';

/** A platform administrator's document (no company); active once it has a password. */
function newPlatformAdmin(email: string, name: string, passwordHash: string | null, now: Date): UserDoc {
  return {
    _id: randomUUID(),
    email,
    name,
    phone: null,
    passwordHash,
    status: passwordHash ? 'active' : 'invited',
    roles: ['admin'],
    companyId: null,
    companyRole: null,
    spendingLimit: null,
    preferences: {},
    tokensNotBefore: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Creates a platform administrator (no company). Idempotent: an existing admin with that email is
 * left as it is (its password is not reset); an existing non-admin account is an error.
 */
export async function createPlatformAdmin(
  deps: { users: UserRepository; hasher: PasswordHasher; now: () => Date },
  input: { email: string; name: string; password: string },
): Promise<{ created: boolean; user: UserDoc }> {
  const email = normaliseEmail(input.email);
  const existing = await deps.users.findByEmail(email);
  if (existing) {
    if (existing.roles.includes('admin') && !existing.companyId) return { created: false, user: existing };
    throw identityErrors.emailTaken();
  }
  assertStrongPassword(input.password, '/password');
  const now = deps.now();
  const user = newPlatformAdmin(email, input.name, await deps.hasher.hash(input.password), now);
  try {
    await deps.users.insert(user);
  } catch (err) {
    if (isDuplicateKey(err)) return createPlatformAdmin(deps, input);
    throw err;
  }
  return { created: true, user };
}

/** How long the create-admin command's set-password token works. */
export const ADMIN_SET_PASSWORD_TTL_MS = 60 * 60 * 1000;

export type AdminWithoutPassword =
  | { created: false; user: UserDoc }
  | { created: boolean; user: UserDoc; setPasswordToken: string; expiresAt: Date };

/**
 * The create-admin command without a piped password: the admin is created with no password and a
 * single-use set-password token (1 hour) is returned for the operator, confirmed at
 * POST /auth/password-reset/confirm. The command's output lands in the task's log group, so what it
 * prints must not be a lasting credential: the token dies when used or after an hour. Running it
 * again while the admin still has no password issues a fresh token (older ones stop working); an
 * admin who has set a password is left alone.
 */
export async function createPlatformAdminWithSetPasswordToken(
  deps: { users: UserRepository; oneTimeTokens: OneTimeTokenRepository; now: () => Date },
  input: { email: string; name: string },
): Promise<AdminWithoutPassword> {
  const email = normaliseEmail(input.email);
  const now = deps.now();
  let user = await deps.users.findByEmail(email);
  if (user && !(user.roles.includes('admin') && !user.companyId)) throw identityErrors.emailTaken();
  if (user?.passwordHash) return { created: false, user };
  const created = !user;
  if (!user) {
    // Without a password it is `invited`: it becomes active when the password is set, like a member.
    user = newPlatformAdmin(email, input.name, null, now);
    try {
      await deps.users.insert(user);
    } catch (err) {
      if (isDuplicateKey(err)) return createPlatformAdminWithSetPasswordToken(deps, input);
      throw err;
    }
  }
  const setPasswordToken = generateOpaqueToken();
  const expiresAt = new Date(now.getTime() + ADMIN_SET_PASSWORD_TTL_MS);
  await deps.oneTimeTokens.invalidateUnused(user._id, 'set_password', now);
  await deps.oneTimeTokens.insert({
    _id: hashOpaqueToken(setPasswordToken),
    purpose: 'set_password',
    userId: user._id,
    createdAt: now,
    expiresAt,
    usedAt: null,
  });
  return { created, user, setPasswordToken, expiresAt };
}
