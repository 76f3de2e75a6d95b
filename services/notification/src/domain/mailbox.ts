import type { PageRequest } from '@b2b/shared/db';
import type { NotificationContext } from './context.ts';
import { notificationErrors } from './errors.ts';

export function listMailbox(ctx: NotificationContext, page: PageRequest, to?: string) {
  return ctx.repos.mailbox.list(page, to);
}

export async function mailboxMessage(ctx: NotificationContext, id: string) {
  const doc = await ctx.repos.mailbox.find(id);
  if (!doc) throw notificationErrors.mailboxMessageNotFound();
  return doc;
}
