/**
 * The user service's snapshots on demand (GET /internal/members/:id, /internal/companies/:id):
 * the typed client of `@b2b/user/internal-api` behind its own named breaker. A 404 is "no such
 * member / company"; anything else (timeout, open breaker, 5xx) is thrown, and the caller decides
 * without the snapshot (domain/projections.ts).
 */
import { createInternalClient } from '@b2b/shared/internal';
import { UpstreamError } from '@b2b/shared/resilience';
import { userInternalApi } from '@b2b/user/internal-api';
import type { SnapshotSource } from '../domain/projections.ts';

export function createUserSnapshots(options: {
  baseUrl: string;
  credential: string;
  /** Per call; a checkout waits at most this long for a missing snapshot. Default 1.5 s. */
  timeoutMs?: number;
}): SnapshotSource & { close(): void } {
  const users = createInternalClient(userInternalApi, {
    name: 'user-snapshots',
    baseUrl: options.baseUrl,
    credential: options.credential,
    timeoutMs: options.timeoutMs ?? 1_500,
  });
  const unlessMissing = async <T>(call: () => Promise<T>): Promise<T | null> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof UpstreamError && err.upstreamStatus === 404) return null;
      throw err;
    }
  };
  return {
    member: (id) => unlessMissing(() => users.call('getMemberSnapshot', { params: { id } })),
    company: (id) => unlessMissing(() => users.call('getCompanySnapshot', { params: { id } })),
    close: () => users.service.breaker.shutdown(),
  };
}
