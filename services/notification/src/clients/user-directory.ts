/** The recipient directory over the user service's /internal routes (typed client, named breaker). */
import { createInternalClient } from '@b2b/shared/internal';
import { UpstreamError } from '@b2b/shared/resilience';
import type { InternalUser } from '@b2b/user/internal-api';
import { userInternalApi } from '@b2b/user/internal-api';
import type { Static } from 'typebox';
import type { Recipient, RecipientDirectory } from '../domain/recipients.ts';

function recipient(user: Static<typeof InternalUser>): Recipient {
  return { userId: user.id, name: user.name, email: user.email, phone: user.phone, locale: user.locale };
}

export function createUserDirectory(options: { baseUrl: string; credential: string }): RecipientDirectory & {
  close(): void;
} {
  const users = createInternalClient(userInternalApi, {
    name: 'user',
    baseUrl: options.baseUrl,
    credential: options.credential,
    timeoutMs: 2_000,
  });
  return {
    async user(id) {
      try {
        const user = await users.call('getUser', { params: { id } });
        return user.status === 'disabled' ? null : recipient(user);
      } catch (err) {
        // A user deleted since the event (a removed member): nobody to tell. Anything else is retried.
        if (err instanceof UpstreamError && err.upstreamStatus === 404) return null;
        throw err;
      }
    },
    async companyMembers(companyId, role) {
      const list = await users.call('listCompanyMembers', { params: { id: companyId }, query: { role } });
      return list.items.map(recipient);
    },
    async platformAdmins() {
      const list = await users.call('listPlatformUsers', { query: { role: 'admin' } });
      return list.items.map(recipient);
    },
    close: () => users.service.breaker.shutdown(),
  };
}
