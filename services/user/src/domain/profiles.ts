import { randomUUID } from 'node:crypto';
import type { Page, PageRequest } from '@b2b/shared/db';
import type { AddressFields } from '../repositories/addresses.ts';
import type { IdentityContext } from './context.ts';
import { identityErrors } from './errors.ts';
import type { AddressDoc, Preferences, UserDoc } from './model.ts';
import { stageMemberUpdated } from './snapshot-events.ts';

/** A bound on stored addresses per user (unbounded lists are an easy resource-exhaustion target). */
export const MAX_ADDRESSES_PER_USER = 50;

export async function getProfile(ctx: IdentityContext, userId: string): Promise<UserDoc> {
  const user = await ctx.repos.users.findById(userId);
  if (!user) throw identityErrors.userNotFound();
  return user;
}

/** Only name, phone and preferences: the route's body schema refuses anything else. */
export async function updateProfile(
  ctx: IdentityContext,
  userId: string,
  changes: { name?: string; phone?: string | null; preferences?: Preferences },
): Promise<UserDoc> {
  // Trimmed as at registration and invitation, so a name reads the same wherever it was set.
  const normalised = changes.name === undefined ? changes : { ...changes, name: changes.name.trim() };
  // The name is part of the member snapshot: the change and its event commit together.
  return ctx.transaction(async (tx) => {
    const updated = await ctx.repos.users.updateProfile(userId, normalised, ctx.now(), tx.session);
    if (!updated) throw identityErrors.userNotFound();
    stageMemberUpdated(tx, updated);
    return updated;
  });
}

export function listAddresses(
  ctx: IdentityContext,
  userId: string,
  page: PageRequest,
): Promise<Page<AddressDoc>> {
  return ctx.repos.addresses.list(userId, page);
}

export async function addAddress(
  ctx: IdentityContext,
  userId: string,
  fields: Omit<AddressFields, 'line2' | 'isDefault'> & { line2?: string | null; isDefault?: boolean },
): Promise<AddressDoc> {
  const existing = await ctx.repos.addresses.count(userId);
  if (existing >= MAX_ADDRESSES_PER_USER) throw identityErrors.tooManyAddresses(MAX_ADDRESSES_PER_USER);
  const now = ctx.now();
  const address: AddressDoc = {
    _id: randomUUID(),
    userId,
    label: fields.label,
    line1: fields.line1,
    line2: fields.line2 ?? null,
    city: fields.city,
    postalCode: fields.postalCode,
    country: fields.country.toUpperCase(),
    // The first address is the default one unless told otherwise.
    isDefault: fields.isDefault ?? existing === 0,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.repos.addresses.insert(address);
  return address;
}

export async function updateAddress(
  ctx: IdentityContext,
  userId: string,
  addressId: string,
  changes: Partial<AddressFields>,
): Promise<AddressDoc> {
  const normalised = changes.country ? { ...changes, country: changes.country.toUpperCase() } : changes;
  const updated = await ctx.repos.addresses.updateOwned(userId, addressId, normalised, ctx.now());
  if (!updated) throw identityErrors.addressNotFound();
  return updated;
}

export async function deleteAddress(ctx: IdentityContext, userId: string, addressId: string): Promise<void> {
  if (!(await ctx.repos.addresses.deleteOwned(userId, addressId))) throw identityErrors.addressNotFound();
}
