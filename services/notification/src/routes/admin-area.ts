import { requireRole } from '@b2b/shared/auth';
import type { DeadLetterAdmin } from '@b2b/shared/events';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NotificationContext } from '../domain/context.ts';
import { adminRoutes } from './admin.ts';
import { deadLetterRoutes } from './dead-letters.ts';
import { mailboxRoutes } from './mailbox.ts';
import { suppressionRoutes } from './suppressions.ts';

export interface AdminAreaOptions {
  ctx: NotificationContext;
  deadLetters: DeadLetterAdmin;
  /** Only where nothing really leaves (the mailbox transport): in AWS the mailbox routes do not exist (404). */
  withMailbox: boolean;
}

/**
 * Everything under /admin: platform staff only, checked once here for every route folder inside,
 * so no admin folder can be registered without the guard (the route files hold no guard of their own).
 */
export const adminArea: FastifyPluginAsyncTypebox<AdminAreaOptions> = async (
  app,
  { ctx, deadLetters, withMailbox },
) => {
  app.addHook('onRequest', requireRole('admin'));
  await app.register(adminRoutes, { ctx });
  await app.register(suppressionRoutes, { prefix: '/email-suppressions', ctx });
  await app.register(deadLetterRoutes, { prefix: '/dead-letters', deadLetters });
  if (withMailbox) await app.register(mailboxRoutes, { prefix: '/mailbox', ctx });
};
