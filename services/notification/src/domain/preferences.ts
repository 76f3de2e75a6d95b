import type { ChannelChoice } from '../repositories/preferences.ts';
import type { NotificationContext } from './context.ts';
import { type NotificationKindKey, optionalKindKeys } from './kinds.ts';

/** Until a user says otherwise: email and in-app on, SMS off (it costs money and needs a consent). */
export const DEFAULT_CHOICE: Readonly<ChannelChoice> = { email: true, sms: false, inApp: true };

export type PreferenceMap = Record<NotificationKindKey, ChannelChoice>;

export async function channelChoice(
  ctx: NotificationContext,
  userId: string | null,
  kind: NotificationKindKey,
): Promise<ChannelChoice> {
  if (!userId) return { ...DEFAULT_CHOICE };
  const doc = await ctx.repos.preferences.find(userId);
  return { ...DEFAULT_CHOICE, ...doc?.kinds[kind] };
}

/** Every kind a user can choose for, with their choice or the default. */
export async function getPreferences(
  ctx: NotificationContext,
  userId: string,
): Promise<Partial<PreferenceMap>> {
  const doc = await ctx.repos.preferences.find(userId);
  return Object.fromEntries(optionalKindKeys.map((k) => [k, { ...DEFAULT_CHOICE, ...doc?.kinds[k] }]));
}

/** Only opt-out-able kinds reach here: the route's body schema has no property for a security kind. */
export async function updatePreferences(
  ctx: NotificationContext,
  userId: string,
  changes: Partial<PreferenceMap>,
): Promise<Partial<PreferenceMap>> {
  await ctx.repos.preferences.update(userId, changes, ctx.now());
  return getPreferences(ctx, userId);
}
