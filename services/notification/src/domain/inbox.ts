import type { PageRequest } from '@b2b/shared/db';
import type { NotificationContext } from './context.ts';
import { notificationErrors } from './errors.ts';

export function listInbox(ctx: NotificationContext, userId: string, unreadOnly: boolean, page: PageRequest) {
  return ctx.repos.inbox.list(userId, unreadOnly, page);
}

/** Another user's notification is simply not found (404), never "forbidden". */
export async function markRead(ctx: NotificationContext, userId: string, id: string) {
  const doc = await ctx.repos.inbox.markRead(userId, id, ctx.now());
  if (!doc) throw notificationErrors.notificationNotFound();
  return doc;
}
