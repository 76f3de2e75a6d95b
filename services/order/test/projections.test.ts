/**
 * Snapshots of one member or company handled at the same time (two deliveries of a busy queue):
 * none fails, and the newest version wins whatever the order.
 */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderApp, startOrderApp, startTestServer, type TestServer } from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 21931);
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

const member = (
  userId: string,
  version: number,
  status: 'invited' | 'active',
): EventPayloads['member.updated'] => ({
  userId,
  companyId: 'c-projections',
  companyRole: 'buyer',
  spendingLimit: null,
  monthlyBudget: null,
  status,
  email: `${userId}@example.com`,
  name: 'Member',
  version,
  updatedAt: new Date().toISOString(),
});

describe('projections under concurrent snapshots', () => {
  it('the first two snapshots of a new member handled at once: both succeed, the newer one stays', async () => {
    for (let i = 0; i < 10; i++) {
      const userId = `u-race-${i}`;
      const results = await Promise.allSettled([
        svc.deliver('member.updated', member(userId, 1, 'invited'), 'user'),
        svc.deliver('member.updated', member(userId, 2, 'active'), 'user'),
      ]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
      const stored = await svc.ctx.repos.members.find(userId);
      expect(stored).toMatchObject({ version: 2, status: 'active' });
    }
  });
});
