import type { ConsumerHandlers } from '@b2b/shared/events';
import { sideEffect } from '@b2b/shared/events';
import type { NotificationContext } from '../domain/context.ts';
import { notifyAbout, notifyingEvents } from '../domain/notify.ts';

/**
 * The notification service's consumers: every notifying event in the claim → send → mark form
 * (the event's claim keeps two deliveries of one event from running at once; each message has its
 * own record on top, see domain/deliver.ts).
 */
export function notificationHandlers(ctx: NotificationContext): ConsumerHandlers<'notification'> {
  const handlers: ConsumerHandlers<'notification'> = {
    // Captured payments are consumed (the catalogue) but tell nobody: the shipping email already did.
    'payment.captured': async () => {},
  };
  for (const type of notifyingEvents) {
    (handlers as Record<string, unknown>)[type] = sideEffect((event) => notifyAbout(ctx, event as never));
  }
  return handlers;
}
