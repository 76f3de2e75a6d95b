/**
 * Every order of the run's company as the API shows it to the platform admin: the admin listing,
 * 100 a page (its maximum), page by page until a short page. Read once the run has settled, so
 * nothing moves between pages.
 */
import { type Api, expectStatus } from '@b2b/fault-injection/api';
import type { OrderSeen } from './accounting.ts';

const pageSize = 100;
/** The history entries that end the saga's part: from the checkout to one of these is its time. */
const endingStatuses = new Set(['confirmed', 'cancelled', 'rejected']);

export async function listCompanyOrders(api: Api, token: () => Promise<string>, companyId: string) {
  const orders: OrderSeen[] = [];
  for (let page = 1; ; page++) {
    const body = expectStatus(
      await api('GET', `/admin/orders?companyId=${companyId}&limit=${pageSize}&page=${page}`, {
        token: await token(),
      }),
      200,
      `the admin's order list, page ${page}`,
    );
    for (const o of body.items as {
      id: string;
      status: string;
      poNumber: string | null;
      createdAt: string;
      history: { status: string; at: string; reason: string | null }[];
    }[]) {
      const ended = o.history.find((h) => endingStatuses.has(h.status));
      orders.push({
        id: o.id,
        status: o.status,
        poNumber: o.poNumber,
        history: o.history.map((h) => h.status),
        cancellationReason: o.history.find((h) => h.status === 'cancelled')?.reason ?? null,
        placedAt: o.createdAt,
        ...(ended ? { settledMs: Date.parse(ended.at) - Date.parse(o.createdAt) } : {}),
      });
    }
    if (body.items.length < pageSize) return orders;
  }
}
