import { randomUUID } from 'node:crypto';
import type { PasswordHasher } from '../passwords/hasher.ts';
import type { UserRepository } from '../repositories/users.ts';
import { identityErrors } from './errors.ts';
import { normaliseEmail, type UserDoc } from './model.ts';
import { assertStrongPassword, isDuplicateKey } from './registration.ts';

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
  const user: UserDoc = {
    _id: randomUUID(),
    email,
    name: input.name,
    phone: null,
    passwordHash: await deps.hasher.hash(input.password),
    status: 'active',
    roles: ['admin'],
    companyId: null,
    companyRole: null,
    spendingLimit: null,
    preferences: {},
    tokensNotBefore: 0,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.users.insert(user);
  } catch (err) {
    if (isDuplicateKey(err)) return createPlatformAdmin(deps, input);
    throw err;
  }
  return { created: true, user };
}
